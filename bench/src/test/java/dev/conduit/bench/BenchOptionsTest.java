package dev.conduit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.bench.measure.WatchedProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void localClusterIsTheDefaultTargetWithItsProcessesAndCassandra() {
    BenchOptions options = BenchOptions.parse();

    assertThat(options.target()).isEqualTo("127.0.0.1:7233");
    assertThat(options.targetName()).isEqualTo("conduit");
    assertThat(options.processes()).extracting(WatchedProcess::name)
        .containsExactly("frontend", "history", "matching", "cassandra");
    assertThat(options.cassandra()).isEqualTo("127.0.0.1:9042");
    assertThat(options.reference()).isFalse();
  }

  @Test
  void anotherServerHasNoDefaultProcessesOrCassandra() {
    BenchOptions options = BenchOptions.parse("--target", "10.0.0.5:7233", "--reference", "--processes",
        "server=/run/temporal.pid,db=42", "--duration", "30s", "--step-duration", "1500ms", "--warmup", "1m");

    assertThat(options.targetName()).isEqualTo("10.0.0.5:7233");
    assertThat(options.cassandra()).isNull();
    assertThat(options.processes()).containsExactly(WatchedProcess.ofPidFile("server", Path.of("/run/temporal.pid")),
        WatchedProcess.ofPid("db", 42));
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.stepDuration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(options.warmup()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    assertThatThrownBy(() -> BenchOptions.parse("--target", "none")).hasMessageContaining("needs --reference");
    assertThatThrownBy(() -> BenchOptions.parse("--target", "localhost")).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> BenchOptions.parse("--concurrency", "0")).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> BenchOptions.parse("--duration", "soon")).hasMessageContaining("duration");
    assertThatThrownBy(() -> BenchOptions.parse("--frobnicate")).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> BenchOptions.parse("--processes", "justaname")).hasMessageContaining("NAME=PIDFILE");
  }
}
