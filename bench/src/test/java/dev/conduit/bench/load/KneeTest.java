package dev.conduit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.bench.measure.LatencySummary;
import dev.conduit.bench.report.OpenLoopResult;
import dev.conduit.bench.report.PhaseResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KneeTest {
  private final Knee knee = new Knee(50, 4); // steps break above p90 200 ms

  @Test
  void kneeIsTheLastHealthyRateBeforeLatencyBreaks() {
    OpenLoopResult result = knee.summarize(List.of(step(10, 10, 60, 0, 0), step(20, 20, 150, 0, 0),
        step(30, 29, 900, 0, 0)));

    assertThat(result.kneeRate()).isEqualTo(20.0);
    assertThat(result.kneeP99Ms()).isEqualTo(150.0);
    assertThat(result.brokeAtRate()).isEqualTo(30.0);
    assertThat(result.breakReason()).contains("p90 720 ms");
    assertThat(result.latencyLimitMs()).isEqualTo(200.0);
  }

  @Test
  void errorsDropsOrFallingBehindBreakAStep() {
    // 100 arrivals a step: more than 1 failed or dropped breaks it
    assertThat(knee.brokenBecause(step(10, 10, 60, 2, 0))).contains("failed or were dropped");
    assertThat(knee.brokenBecause(step(10, 10, 60, 0, 5))).contains("failed or were dropped");
    assertThat(knee.brokenBecause(step(10, 8, 60, 0, 0))).contains("completed 8.0/s of 10.0/s");
    assertThat(knee.brokenBecause(step(10, 9.5, 60, 1, 0))).isNull();
  }

  @Test
  void bisectedStepsCountInRateOrder() {
    OpenLoopResult result = knee.summarize(List.of(step(10, 10, 60, 0, 0), step(40, 30, 900, 0, 0),
        step(25, 25, 100, 0, 0), step(32, 32, 400, 0, 0)));

    assertThat(result.steps()).extracting(PhaseResult::offeredRate).containsExactly(10.0, 25.0, 32.0, 40.0);
    assertThat(result.kneeRate()).isEqualTo(25.0);
    assertThat(result.brokeAtRate()).isEqualTo(32.0);
  }

  @Test
  void noKneeWhenTheFirstStepBreaksAndLastRateWhenNoneDoes() {
    assertThat(knee.summarize(List.of(step(10, 10, 500, 0, 0))).kneeRate()).isNull();
    OpenLoopResult none = knee.summarize(List.of(step(10, 10, 60, 0, 0), step(20, 20, 70, 0, 0)));
    assertThat(none.kneeRate()).isEqualTo(20.0);
    assertThat(none.breakReason()).isNull();
  }

  @Test
  void aTinyBaselineStillAllowsFiftyMilliseconds() {
    Knee fast = new Knee(3, 4);

    assertThat(fast.brokenBecause(step(10, 10, 60, 0, 0))).isNull(); // p90 48 ms
    assertThat(fast.summarize(List.of(step(10, 10, 60, 0, 0))).latencyLimitMs()).isEqualTo(50.0);
  }

  /** A step whose p90 is 0.8 of its {@code p99}. */
  private static PhaseResult step(double rate, double achieved, double p99, int errors, int dropped) {
    int started = (int) (rate * 10);
    return new PhaseResult("step", rate, 10, started, (int) (achieved * 10), errors, dropped, achieved,
        new LatencySummary(started, p99 / 2, p99 * 0.8, p99, p99 * 1.2, p99 / 2), List.of(), Map.of(), null, null);
  }
}
