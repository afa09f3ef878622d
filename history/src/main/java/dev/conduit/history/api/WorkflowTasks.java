package dev.conduit.history.api;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import dev.conduit.proto.token.v1.TaskToken;

/** The checks every workflow task result makes against the run before it is applied. */
public final class WorkflowTasks {
  private WorkflowTasks() {}

  /**
   * The started workflow task the token names: same scheduled and started event ids, attempt and (for tokens that
   * name it) start request id, which tells two speculative tasks with the same ids apart. A stale token (task
   * timed out and was retried, or discarded; run closed) is NOT_FOUND, as in Temporal.
   */
  public static WorkflowTaskInfo startedTask(WorkflowTransaction tx, TaskToken token) {
    WorkflowTaskInfo task = tx.state().workflowTask();
    if (!tx.state().isRunning() || task == null || task.getStartedEventId() == 0
        || task.getScheduledEventId() != token.getScheduledEventId()
        || task.getStartedEventId() != token.getStartedEventId()
        || task.getAttempt() != token.getAttempt()
        || (!token.getStartedRequestId().isEmpty() && !token.getStartedRequestId().equals(task.getRequestId()))) {
      throw new EntityNotFoundException("Workflow task not found.");
    }
    return task;
  }
}
