package dev.conduit.bench.load;

import dev.conduit.bench.report.OpenLoopResult;
import dev.conduit.bench.report.PhaseResult;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether an open-loop step is healthy, and where the knee is. A step is broken when more than
 * 1% of its arrivals failed or were dropped, when it completed less than 90% of the offered rate, or when
 * its p90 latency exceeds {@code kneeFactor} times the p90 of workflows run one at a time (and 50 ms).
 *
 * <p>p90 rather than p99: a 10-second step at a few dozen workflows a second has too few samples for
 * its p99 to be more than its two or three slowest workflows, which one GC pause on a shared machine
 * decides. Queueing, the thing the knee is about, moves p90 and the median along with the tail.
 */
public final class Knee {
  static final double MAX_FAILED_SHARE = 0.01;
  static final double MIN_ACHIEVED_SHARE = 0.9;
  static final double MIN_LIMIT_MS = 50;

  private final double baselineP90Ms;
  private final double limitMs;

  public Knee(double baselineP90Ms, double kneeFactor) {
    this.baselineP90Ms = baselineP90Ms;
    this.limitMs = Math.round(Math.max(MIN_LIMIT_MS, baselineP90Ms * kneeFactor) * 100) / 100.0;
  }

  /** Why the step is broken, or null when it is healthy. */
  public String brokenBecause(PhaseResult step) {
    int arrivals = step.started() + step.dropped();
    int failed = step.errors() + step.dropped();
    if (failed > arrivals * MAX_FAILED_SHARE) {
      return failed + " of " + arrivals + " arrivals failed or were dropped";
    }
    double offered = step.offeredRate();
    if (step.throughput() < offered * MIN_ACHIEVED_SHARE) {
      return String.format("completed %.1f/s of %.1f/s offered", step.throughput(), offered);
    }
    if (step.latency().p90Ms() > limitMs) {
      return String.format("p90 %.0f ms above the limit of %.0f ms", step.latency().p90Ms(), limitMs);
    }
    return null;
  }

  /**
   * The knee of steps run in any order: the highest healthy rate below the lowest broken one. Steps are
   * reported in rate order.
   */
  public OpenLoopResult summarize(List<PhaseResult> steps) {
    List<PhaseResult> byRate = steps.stream().sorted(Comparator.comparingDouble(PhaseResult::offeredRate)).toList();
    PhaseResult knee = null;
    for (PhaseResult step : byRate) {
      String reason = brokenBecause(step);
      if (reason != null) {
        return result(byRate, knee, step.offeredRate(), reason);
      }
      knee = step;
    }
    return result(byRate, knee, null, null);
  }

  private OpenLoopResult result(List<PhaseResult> steps, PhaseResult knee, Double brokeAt, String reason) {
    return new OpenLoopResult(List.copyOf(steps),
        knee == null ? null : knee.offeredRate(),
        knee == null ? null : knee.latency().p50Ms(),
        knee == null ? null : knee.latency().p99Ms(),
        brokeAt, reason, baselineP90Ms, limitMs);
  }
}
