package dev.conduit.bench.workload;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Runs the activities in sequence. An activity gets one attempt: a failure fails the workflow, so the
 * harness counts it as an error instead of hiding it behind a retry.
 */
public class BenchWorkflowImpl implements BenchWorkflow {
  private final BenchActivities activities = Workflow.newActivityStub(BenchActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build());

  @Override
  public String run(String name, int count) {
    String value = Workload.greeting(name);
    for (int i = 1; i <= count; i++) {
      value = activities.step(value, i);
    }
    return value;
  }
}
