package dev.conduit.bench.workload;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The benchmark's workflow: greets {@code name}, then runs {@code activities} activities one after the
 * other, each appending its index. With one activity it is the classic hello world.
 */
@WorkflowInterface
public interface BenchWorkflow {
  /** The workflow type name the harness starts, the same on every server. */
  String TYPE = "BenchWorkflow";

  @WorkflowMethod(name = TYPE)
  String run(String name, int activities);
}
