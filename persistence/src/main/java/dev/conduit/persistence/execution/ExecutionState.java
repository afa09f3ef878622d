package dev.conduit.persistence.execution;

/**
 * The lifecycle of a run as persistence sees it: the current-execution record and the id-reuse policy
 * only need to know whether a run is still open.
 *
 * <pre>
 * CREATED --first workflow task started--> RUNNING --close event--> COMPLETED
 *    \----------------------- close event ---------------------------/
 * </pre>
 */
public enum ExecutionState {
  CREATED(0),
  RUNNING(1),
  COMPLETED(2);

  private final int code;

  ExecutionState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean isOpen() {
    return this != COMPLETED;
  }

  public static ExecutionState ofCode(int code) {
    for (ExecutionState state : values()) {
      if (state.code == code) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown execution state code " + code);
  }
}
