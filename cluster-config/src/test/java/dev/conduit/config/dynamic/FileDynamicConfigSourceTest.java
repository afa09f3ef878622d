package dev.conduit.config.dynamic;

import static dev.conduit.config.dynamic.DynamicKeys.FRONTEND_NAMESPACE_RPS;
import static dev.conduit.config.dynamic.DynamicKeys.FRONTEND_RPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.config.ConfigException;
import dev.conduit.config.DynamicConfigClientConfig;
import dev.conduit.config.dynamic.FileDynamicConfigSource.ReloadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDynamicConfigSourceTest {

  @TempDir
  Path dir;

  @Test
  void reloadPicksUpAChangedFile() throws Exception {
    Path file = write("frontend.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      assertThat(source.get(FRONTEND_RPS)).isEqualTo(100);

      write("frontend.rps:\n  - value: 200\n");

      assertThat(source.reload()).isEqualTo(ReloadOutcome.UPDATED);
      assertThat(source.get(FRONTEND_RPS)).isEqualTo(200);
    }
  }

  @Test
  void unchangedFileIsNotReapplied() throws Exception {
    Path file = write("frontend.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      DynamicValues before = source.current();

      assertThat(source.reload()).isEqualTo(ReloadOutcome.UNCHANGED);
      write("# same values, new comment\nfrontend.rps:\n  - value: 100\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.UNCHANGED);
      assertThat(source.current()).isSameAs(before);
    }
  }

  @Test
  void badFileKeepsTheLastGoodValues() throws Exception {
    Path file = write("frontend.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      write("frontend.rps:\n  - value: lots\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.REJECTED);
      assertThat(source.get(FRONTEND_RPS)).isEqualTo(100);

      write("frontend.rps: [\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.REJECTED);
      assertThat(source.get(FRONTEND_RPS)).isEqualTo(100);

      write("frontend.rps:\n  - value: 300\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.UPDATED);
      assertThat(source.get(FRONTEND_RPS)).isEqualTo(300);
    }
  }

  @Test
  void deletedFileKeepsTheLastGoodValues() throws Exception {
    Path file = write("frontend.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      Files.delete(file);

      assertThat(source.reload()).isEqualTo(ReloadOutcome.REJECTED);
      assertThat(source.get(FRONTEND_RPS)).isEqualTo(100);
    }
  }

  @Test
  void firstLoadMustSucceed() throws Exception {
    assertThatThrownBy(() -> load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the file");
    Path bad = write("frontend.rps:\n  - value: true\n");
    assertThatThrownBy(() -> load(bad))
        .isInstanceOf(ConfigException.class).hasMessageContaining("frontend.rps[0].value");
  }

  @Test
  void listenersHearOfChangesUntilUnsubscribed() throws Exception {
    Path file = write("frontend.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      List<Set<String>> changes = new CopyOnWriteArrayList<>();
      source.subscribe((previous, current) -> {
        throw new IllegalStateException("a failing listener must not stop the others");
      });
      AutoCloseable subscription =
          source.subscribe((previous, current) -> changes.add(previous.changedKeys(current)));

      write("frontend.rps:\n  - value: 100\nfrontend.namespaceRPS:\n  - value: 5\n");
      source.reload();
      subscription.close();
      write("frontend.rps:\n  - value: 1\n");
      source.reload();

      assertThat(changes).containsExactly(Set.of("frontend.namespaceRPS"));
      assertThat(source.getForNamespace(FRONTEND_NAMESPACE_RPS, "x")).isEqualTo(2400);
    }
  }

  @Test
  void pollerSwapsInNewValuesWithoutRestart() throws Exception {
    Path file = write("frontend.rps:\n  - value: 100\n");
    DynamicConfigClientConfig config = new DynamicConfigClientConfig(file, Duration.ofMillis(20));
    try (FileDynamicConfigSource source = FileDynamicConfigSource.start(config)) {
      write("frontend.rps:\n  - value: 500\n");

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (source.get(FRONTEND_RPS) != 500 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(source.get(FRONTEND_RPS)).isEqualTo(500);
    }
  }

  private FileDynamicConfigSource load(Path file) {
    return FileDynamicConfigSource.load(file, DynamicConfigParser.withStandardKeys());
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("dynamicconfig.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
