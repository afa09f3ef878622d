package dev.conduit.history.api.respondworkflowtaskcompleted;

import io.temporal.api.enums.v1.WorkflowTaskFailedCause;

/**
 * A command the run cannot accept: the whole workflow task is failed with {@code cause} (none of its
 * commands is applied) and the worker gets INVALID_ARGUMENT with the message.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final WorkflowTaskFailedCause cause;

  CommandFailure(WorkflowTaskFailedCause cause, String message) {
    super(message);
    this.cause = cause;
  }

  WorkflowTaskFailedCause failedCause() {
    return cause;
  }
}
