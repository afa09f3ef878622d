package dev.conduit.history.workflow;

/**
 * A state machine was asked for a move its table does not list. Callers check the state before moving,
 * so this signals a bug or a corrupted mutable state, never a user error.
 */
public final class IllegalTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String machine, Object from, Object action) {
    super(machine + ": " + action + " is not allowed in state " + from);
  }
}
