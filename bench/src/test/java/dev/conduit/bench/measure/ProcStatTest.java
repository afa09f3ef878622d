package dev.conduit.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void readsCpuAndMemoryOfThisJvm() {
    long pid = ProcessHandle.current().pid();

    ProcStat stat = ProcStat.read(pid).orElseThrow();

    assertThat(stat.cpuTicks()).isPositive();
    assertThat(stat.rssKb()).isPositive();
    assertThat(stat.hwmKb()).isGreaterThanOrEqualTo(stat.rssKb());
  }

  @Test
  void missingProcessIsEmptyAndNotFollowed() {
    assertThat(ProcStat.read(Integer.MAX_VALUE)).isEmpty();
    StringBuilder warnings = new StringBuilder();
    try (ProcessSampler sampler = new ProcessSampler(List.of(WatchedProcess.ofPid("ghost", Integer.MAX_VALUE)),
        Duration.ofMillis(50), warnings::append)) {
      assertThat(sampler.finish()).isEmpty();
    }
    assertThat(warnings).contains("ghost");
  }

  @Test
  void latencyPercentilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }
    LatencySummary summary = LatencySummary.ofNanos(nanos);
    assertThat(summary.p50Ms()).isEqualTo(50.0);
    assertThat(summary.p90Ms()).isEqualTo(90.0);
    assertThat(summary.p99Ms()).isEqualTo(99.0);
    assertThat(summary.maxMs()).isEqualTo(100.0);
  }
}
