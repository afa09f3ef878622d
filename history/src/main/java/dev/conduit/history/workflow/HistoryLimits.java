package dev.conduit.history.workflow;

import dev.conduit.history.WorkflowLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History size and event count limits. Past the warning level the run is logged once and every
 * workflow task tells the SDK to continue as new; past the limit the run is terminated when its next
 * workflow task completes, with the reason Temporal gives.
 */
public final class HistoryLimits {
  private static final Logger log = LoggerFactory.getLogger(HistoryLimits.class);
  public static final String SIZE_EXCEEDED = "Workflow history size exceeds limit.";
  public static final String COUNT_EXCEEDED = "Workflow history count exceeds limit.";

  private HistoryLimits() {}

  static boolean pastWarning(MutableState state, WorkflowLimits limits) {
    return state.historySizeBytes() > limits.historySizeWarn() || state.historyLength() > limits.historyCountWarn();
  }

  /**
   * Checks the run's history when a workflow task completes. Returns true when the run was terminated
   * (the task's commands must not be applied), false when it may go on.
   */
  public static boolean enforce(WorkflowTransaction tx) {
    MutableState state = tx.state();
    WorkflowLimits limits = tx.config().limits();
    String reason = null;
    if (state.historySizeBytes() > limits.historySizeLimit()) {
      reason = SIZE_EXCEEDED;
    } else if (state.historyLength() > limits.historyCountLimit()) {
      reason = COUNT_EXCEEDED;
    }
    if (reason != null) {
      log.warn("terminating {}: {} ({} bytes, {} events)", state.key(), reason, state.historySizeBytes(),
          state.historyLength());
      WorkflowLifecycle.terminate(tx, reason, null, "history-service");
      return true;
    }
    if (!state.historySizeWarned() && pastWarning(state, limits)) {
      log.warn("history of {} is large ({} bytes, {} events): it will be terminated at {} bytes or {} events",
          state.key(), state.historySizeBytes(), state.historyLength(), limits.historySizeLimit(),
          limits.historyCountLimit());
      state.setHistorySizeWarned();
    }
    return false;
  }
}
