package dev.conduit.persistence.execution;

import dev.conduit.persistence.PersistenceException;

/**
 * Creating a run failed because the workflow id's current-execution record is not what the create
 * expected (invariant 5: one running execution per workflow id). Carries the record found, so the caller
 * can apply the id-reuse policy or answer {@code WorkflowExecutionAlreadyStarted}.
 */
public final class CurrentExecutionConflictException extends PersistenceException {
  private static final long serialVersionUID = 1L;
  private final CurrentExecution current;

  public CurrentExecutionConflictException(CurrentExecution current) {
    super("workflow id already has current run " + current.runId() + " in state " + current.state(), false);
    this.current = current;
  }

  public CurrentExecution current() {
    return current;
  }
}
