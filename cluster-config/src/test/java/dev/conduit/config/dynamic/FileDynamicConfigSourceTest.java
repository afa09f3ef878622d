package dev.conduit.config.dynamic;

import static dev.conduit.config.dynamic.TestKeys.NAMESPACE_RPS;
import static dev.conduit.config.dynamic.TestKeys.RPS;
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
    Path file = write("test.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      assertThat(source.get(RPS)).isEqualTo(100);

      write("test.rps:\n  - value: 200\n");

      assertThat(source.reload()).isEqualTo(ReloadOutcome.UPDATED);
      assertThat(source.get(RPS)).isEqualTo(200);
    }
  }

  @Test
  void unchangedFileIsNotReapplied() throws Exception {
    Path file = write("test.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      DynamicValues before = source.current();

      assertThat(source.reload()).isEqualTo(ReloadOutcome.UNCHANGED);
      write("# same values, new comment\ntest.rps:\n  - value: 100\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.UNCHANGED);
      assertThat(source.current()).isSameAs(before);
    }
  }

  @Test
  void badFileKeepsTheLastGoodValues() throws Exception {
    Path file = write("test.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      write("test.rps:\n  - value: lots\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.REJECTED);
      assertThat(source.get(RPS)).isEqualTo(100);

      write("test.rps: [\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.REJECTED);
      assertThat(source.get(RPS)).isEqualTo(100);

      write("test.rps:\n  - value: 300\n");
      assertThat(source.reload()).isEqualTo(ReloadOutcome.UPDATED);
      assertThat(source.get(RPS)).isEqualTo(300);
    }
  }

  @Test
  void deletedFileKeepsTheLastGoodValues() throws Exception {
    Path file = write("test.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      Files.delete(file);

      assertThat(source.reload()).isEqualTo(ReloadOutcome.REJECTED);
      assertThat(source.get(RPS)).isEqualTo(100);
    }
  }

  @Test
  void firstLoadMustSucceed() throws Exception {
    assertThatThrownBy(() -> load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the file");
    Path bad = write("test.rps:\n  - value: true\n");
    assertThatThrownBy(() -> load(bad))
        .isInstanceOf(ConfigException.class).hasMessageContaining("test.rps[0].value");
  }

  @Test
  void listenersHearOfChangesUntilUnsubscribed() throws Exception {
    Path file = write("test.rps:\n  - value: 100\n");
    try (FileDynamicConfigSource source = load(file)) {
      List<Set<String>> changes = new CopyOnWriteArrayList<>();
      source.subscribe((previous, current) -> {
        throw new IllegalStateException("a failing listener must not stop the others");
      });
      AutoCloseable subscription =
          source.subscribe((previous, current) -> changes.add(previous.changedKeys(current)));

      write("test.rps:\n  - value: 100\ntest.namespaceRPS:\n  - value: 5\n");
      source.reload();
      subscription.close();
      write("test.rps:\n  - value: 1\n");
      source.reload();

      assertThat(changes).containsExactly(Set.of("test.namespaceRPS"));
      assertThat(source.getForNamespace(NAMESPACE_RPS, "x")).isEqualTo(2400);
    }
  }

  @Test
  void pollerSwapsInNewValuesWithoutRestart() throws Exception {
    // start() reads the server's own keys
    Path file = write("system.namespaceCacheRefreshInterval:\n  - value: 5s\n");
    DynamicConfigClientConfig config = new DynamicConfigClientConfig(file, Duration.ofMillis(20));
    try (FileDynamicConfigSource source = FileDynamicConfigSource.start(config)) {
      write("system.namespaceCacheRefreshInterval:\n  - value: 7s\n");

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!source.get(DynamicKeys.NAMESPACE_CACHE_REFRESH_INTERVAL).equals(Duration.ofSeconds(7))
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(source.get(DynamicKeys.NAMESPACE_CACHE_REFRESH_INTERVAL)).isEqualTo(Duration.ofSeconds(7));
    }
  }

  private FileDynamicConfigSource load(Path file) {
    return FileDynamicConfigSource.load(file, TestKeys.parser());
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("dynamicconfig.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
