package dev.conduit.history.tasks;

/** Kinds of durable timers; the code is what the timer row's type column stores. */
public enum TimerTaskType {
  /** A workflow's StartTimer command came due. */
  USER_TIMER(1),
  /** A workflow task's start-to-close, or sticky schedule-to-start, deadline. */
  WORKFLOW_TASK_TIMEOUT(2),
  /** An activity's schedule-to-start, start-to-close, schedule-to-close or heartbeat deadline. */
  ACTIVITY_TIMEOUT(3),
  /** An activity retry's backoff is over: dispatch the next attempt. */
  ACTIVITY_RETRY(4),
  /** The run's run timeout or execution timeout, whichever comes first. */
  WORKFLOW_TIMEOUT(5),
  /** A start delay is over: schedule the first workflow task. */
  WORKFLOW_START_DELAY(6),
  /** The namespace's retention after the run closed is over: delete the run and its history. */
  DELETE_RUN(7);

  private final int code;

  TimerTaskType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static TimerTaskType ofCode(int code) {
    for (TimerTaskType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown timer task type " + code);
  }
}
