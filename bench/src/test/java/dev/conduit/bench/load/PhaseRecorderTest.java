package dev.conduit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.bench.report.PhaseResult;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PhaseRecorderTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void wrongResultIsAnErrorAndNeverThroughput() {
    PhaseRecorder recorder = new PhaseRecorder();
    recorder.window(0, 10 * SECOND);
    recorder.record(SECOND, 2 * SECOND, "Hello w1|1", "Hello w1|1", null);
    recorder.record(SECOND, 2 * SECOND, "Hello w2|1", "Hello w2|7", null);

    PhaseResult result = recorder.result("p", null);

    assertThat(result.completed()).isEqualTo(1);
    assertThat(result.errors()).isEqualTo(1);
    assertThat(result.errorSamples()).singleElement().asString().contains("wrong result");
    assertThat(result.latency().count()).isEqualTo(1);
  }

  @Test
  void refusedStartAndFailedWorkflowAreErrors() {
    PhaseRecorder recorder = new PhaseRecorder();
    recorder.window(System.nanoTime(), System.nanoTime() + SECOND);
    recorder.track(System.nanoTime(), "x", () -> {
      throw new IllegalStateException("server said no");
    }).join();
    recorder.track(System.nanoTime(), "x", () -> CompletableFuture.failedFuture(new RuntimeException("failed"))).join();

    PhaseResult result = recorder.result("p", null);

    assertThat(result.started()).isEqualTo(2);
    assertThat(result.errors()).isEqualTo(2);
    assertThat(result.completed()).isZero();
    assertThat(recorder.inFlight()).isZero();
  }

  @Test
  void throughputCountsCompletionsInTheWindowAndLatencyCountsArrivalsInIt() {
    PhaseRecorder recorder = new PhaseRecorder();
    recorder.window(10 * SECOND, 20 * SECOND);
    recorder.record(9 * SECOND, 11 * SECOND, "a", "a", null); // warm-up start: throughput yes, latency no
    recorder.record(12 * SECOND, 21 * SECOND, "a", "a", null); // finishes after the window: latency yes
    recorder.record(13 * SECOND, 14 * SECOND, "a", "a", null);

    PhaseResult result = recorder.result("p", 1.0);

    assertThat(result.completed()).isEqualTo(2);
    assertThat(result.throughput()).isEqualTo(0.2);
    assertThat(result.latency().count()).isEqualTo(2);
    assertThat(result.latency().maxMs()).isEqualTo(9000.0);
  }
}
