package dev.conduit.history.tasks;

/** Kinds of transfer (outbox) tasks; the code is what the task row's type column stores. */
public enum TransferTaskType {
  /** Hand a scheduled workflow task to matching. */
  WORKFLOW_TASK(1),
  /** Hand a scheduled activity attempt to matching. */
  ACTIVITY_TASK(2),
  /**
   * A run closed: start its successor run (continue-as-new, retry), tell its parent, apply the parent
   * close policy to its children.
   */
  CLOSE_EXECUTION(3),
  /** Start a child workflow on the child's shard. */
  START_CHILD(4),
  /** Deliver a SignalExternalWorkflowExecution command to the target's shard. */
  SIGNAL_EXTERNAL(5),
  /** Deliver a RequestCancelExternalWorkflowExecution command to the target's shard. */
  CANCEL_EXTERNAL(6),
  /**
   * The run's visible state changed (started, search attributes or memo upserted, closed): publish its
   * visibility record. Runs on standby clusters too, which index what they hold.
   */
  VISIBILITY(7);

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
