package dev.conduit.bench.load;

import dev.conduit.bench.report.OpenLoopResult;
import dev.conduit.bench.report.PhaseResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the knee with open-loop steps: from {@code startRate}, up by {@code factor} while steps are healthy
 * (see {@link Knee}), or down by it while they break, until the outcome changes or {@code maxSteps} ran;
 * then {@code refineSteps} bisections between the highest healthy rate and the lowest broken one. Each step
 * runs inside {@code measure}, which attaches its resource use.
 */
public final class RateSteps {
  private static final double MIN_RATE = 0.1;

  private final LoadContext context;
  private final Knee knee;
  private final Function<Supplier<PhaseResult>, PhaseResult> measure;
  private final Duration stepDuration;
  private final int maxInFlight;
  private final List<PhaseResult> steps = new ArrayList<>();

  public RateSteps(LoadContext context, Knee knee, Duration stepDuration, int maxInFlight,
      Function<Supplier<PhaseResult>, PhaseResult> measure) {
    this.context = context;
    this.knee = knee;
    this.stepDuration = stepDuration;
    this.maxInFlight = maxInFlight;
    this.measure = measure;
  }

  public OpenLoopResult run(double startRate, double factor, int maxSteps, int refineSteps) {
    search(startRate, factor, maxSteps, refineSteps, this::step);
    return knee.summarize(steps);
  }

  /** The search alone: {@code healthy} runs a step at a rate and says whether it held. */
  static void search(double startRate, double factor, int maxSteps, int refineSteps, DoublePredicate healthy) {
    double good = 0;
    double bad = 0;
    double rate = round(startRate);
    for (int i = 0; i < maxSteps; i++) {
      if (healthy.test(rate)) {
        good = rate;
        if (bad > 0) {
          break;
        }
        rate = round(rate * factor);
      } else {
        bad = rate;
        if (good > 0 || round(rate / factor) < MIN_RATE) {
          break;
        }
        rate = round(rate / factor);
      }
    }
    for (int i = 0; i < refineSteps && bad > 0 && good > 0; i++) {
      double middle = round((good + bad) / 2);
      if (middle <= good || middle >= bad) {
        break;
      }
      if (healthy.test(middle)) {
        good = middle;
      } else {
        bad = middle;
      }
    }
  }

  /** Runs one step; true when it was healthy. */
  private boolean step(double offered) {
    String name = "open-loop-" + (steps.size() + 1);
    PhaseResult step = measure.apply(() -> OpenLoop.run(context, name, offered, 1, stepDuration, maxInFlight));
    steps.add(step);
    String reason = knee.brokenBecause(step);
    context.progress().note(String.format("%s %s @ %.1f/s: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, %.1f/s completed%s",
        context.label(), name, offered, step.latency().p50Ms(), step.latency().p90Ms(), step.latency().p99Ms(),
        step.throughput(),
        reason == null ? "" : "; broken: " + reason));
    return reason == null;
  }

  private static double round(double rate) {
    return Math.round(rate * 10) / 10.0;
  }
}
