package dev.conduit.bench.workload;

/** The activity implementation the harness's worker registers. */
public class BenchActivitiesImpl implements BenchActivities {
  @Override
  public String step(String value, int index) {
    return Workload.step(value, index);
  }
}
