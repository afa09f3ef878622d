package dev.conduit.history.shard;

/** Kinds of replication task rows; the code is the row's {@code task_type} and never changes. */
public enum ReplicationTaskType {
  /** Events one write appended to a run. */
  HISTORY(1),
  /** Activity state the events do not carry (attempt, started time, heartbeat, last failure). */
  SYNC_ACTIVITY(2);

  private final int code;

  ReplicationTaskType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
