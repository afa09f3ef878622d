package dev.conduit.history.tasks;

/** Kinds of transfer (outbox) tasks; the code is what the task row's type column stores. */
public enum TransferTaskType {
  /** Hand a scheduled workflow task to matching. */
  WORKFLOW_TASK(1),
  /** Hand a scheduled activity attempt to matching. */
  ACTIVITY_TASK(2),
  /** A run closed; the hook for visibility, retention and parent notification. */
  CLOSE_EXECUTION(3);

  private final int code;

  TransferTaskType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static TransferTaskType ofCode(int code) {
    for (TransferTaskType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown transfer task type " + code);
  }
}
