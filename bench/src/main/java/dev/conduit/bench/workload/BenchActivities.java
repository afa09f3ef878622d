package dev.conduit.bench.workload;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The benchmark's one activity: a pure step, so every result can be checked. */
@ActivityInterface
public interface BenchActivities {
  @ActivityMethod(name = "BenchStep")
  String step(String value, int index);
}
