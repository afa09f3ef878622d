package dev.conduit.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage errors of {@code conduit admin} are refused with a message before any call (no server runs here). */
class AdminCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(List<String> words, Map<String, String> options) {
    // port 1 on loopback: nothing listens, so a test that reached the network would fail with UNAVAILABLE
    return AdminCommand.run(words, options, "127.0.0.1:1", new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownOutputFormatIsRefused() {
    assertThatThrownBy(() -> run(List.of("clusters", "list"), Map.of("output", "yaml")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table or json");
  }

  @Test
  void aFailoverWithoutTargetIsRefused() {
    assertThatThrownBy(() -> run(List.of("namespaces", "failover", "orders"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--to CLUSTER");
  }

  @Test
  void unknownCommandsAndMissingNamesAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> run(List.of("clusters", "remove"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown admin command 'clusters remove'")
        .hasMessageContaining("namespaces failover NAME --to CLUSTER");
    assertThatThrownBy(() -> run(List.of("namespaces", "describe"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("say which namespace");
    assertThatThrownBy(() -> run(List.of("clusters"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("say what to do");
  }

  @Test
  void aFrontendThatDoesNotAnswerIsAClearError() {
    assertThatThrownBy(() -> run(List.of("clusters", "list"), Map.of()))
        .isInstanceOf(AdminCallException.class).hasMessageContaining("127.0.0.1:1 is unavailable");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
