package dev.conduit.history.api;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.token.v1.TaskToken;

/** The checks every activity result makes against the run before it is applied. */
public final class ActivityTasks {
  private ActivityTasks() {}

  /**
   * The started attempt the token names. A token of an older attempt, of a finished activity or of a
   * closed run is NOT_FOUND, as in Temporal; the worker drops the result.
   */
  public static ActivityInfo startedAttempt(WorkflowTransaction tx, TaskToken token) {
    if (!tx.state().isRunning()) {
      throw new EntityNotFoundException("workflow execution already completed");
    }
    ActivityInfo activity = tx.state().activity(token.getScheduledEventId());
    if (activity == null || activity.getAttempt() != token.getAttempt() || !activity.hasStartedTime()) {
      throw new EntityNotFoundException("activity task not found");
    }
    return activity;
  }
}
