package dev.conduit.it.support;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** A workflow that sleeps on a durable timer, for tests that need a run to stay open a while. */
@WorkflowInterface
public interface Sleeper {
  /** Returns "slept true" when workflow time moved at least {@code millis} across the timer. */
  @WorkflowMethod
  String sleep(long millis);

  class Impl implements Sleeper {
    @Override
    public String sleep(long millis) {
      long before = Workflow.currentTimeMillis();
      Workflow.sleep(Duration.ofMillis(millis));
      return "slept " + (Workflow.currentTimeMillis() - before >= millis);
    }
  }
}
