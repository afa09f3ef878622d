package dev.conduit.history;

import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKeys;

/**
 * Per-run limits with Temporal's defaults: pending work of each kind, signals per execution, and the
 * history size and event count at which a run is warned about, then terminated.
 *
 * @param maxPendingChildren child workflows started or starting and not closed
 * @param maxPendingSignals SignalExternalWorkflowExecution commands not yet delivered
 * @param maxPendingCancelRequests RequestCancelExternalWorkflowExecution commands not yet delivered
 * @param maxSignalsPerExecution signals one run may receive in its life
 * @param historySizeWarn history bytes past which the run is logged and the SDK told to continue as new
 * @param historySizeLimit history bytes past which the run is terminated
 * @param historyCountWarn events past which the run is logged and the SDK told to continue as new
 * @param historyCountLimit events past which the run is terminated
 */
public record WorkflowLimits(
    int maxPendingChildren,
    int maxPendingSignals,
    int maxPendingCancelRequests,
    int maxSignalsPerExecution,
    long historySizeWarn,
    long historySizeLimit,
    long historyCountWarn,
    long historyCountLimit) {

  public static WorkflowLimits defaults() {
    return new WorkflowLimits(2000, 2000, 2000, 10_000, 10L * 1024 * 1024, 50L * 1024 * 1024, 10_240, 51_200);
  }

  /** The limits dynamic config sets for {@code namespace} (by name), read now. */
  public static WorkflowLimits from(DynamicConfig dynamic, String namespace) {
    return new WorkflowLimits(
        dynamic.getForNamespace(DynamicKeys.NUM_PENDING_CHILD_EXECUTIONS_LIMIT_ERROR, namespace),
        dynamic.getForNamespace(DynamicKeys.NUM_PENDING_SIGNALS_LIMIT_ERROR, namespace),
        dynamic.getForNamespace(DynamicKeys.NUM_PENDING_CANCEL_REQUESTS_LIMIT_ERROR, namespace),
        dynamic.getForNamespace(DynamicKeys.MAXIMUM_SIGNALS_PER_EXECUTION, namespace),
        dynamic.getForNamespace(DynamicKeys.HISTORY_SIZE_LIMIT_WARN, namespace),
        dynamic.getForNamespace(DynamicKeys.HISTORY_SIZE_LIMIT_ERROR, namespace),
        dynamic.getForNamespace(DynamicKeys.HISTORY_COUNT_LIMIT_WARN, namespace),
        dynamic.getForNamespace(DynamicKeys.HISTORY_COUNT_LIMIT_ERROR, namespace));
  }

  public WorkflowLimits withHistoryLimits(long sizeWarn, long sizeLimit, long countWarn, long countLimit) {
    return new WorkflowLimits(maxPendingChildren, maxPendingSignals, maxPendingCancelRequests, maxSignalsPerExecution,
        sizeWarn, sizeLimit, countWarn, countLimit);
  }

  public WorkflowLimits withPending(int children, int signals, int cancelRequests, int signalsPerExecution) {
    return new WorkflowLimits(children, signals, cancelRequests, signalsPerExecution, historySizeWarn,
        historySizeLimit, historyCountWarn, historyCountLimit);
  }
}
