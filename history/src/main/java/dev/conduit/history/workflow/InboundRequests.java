package dev.conduit.history.workflow;

import dev.conduit.history.errors.SignalLimitExceededException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;

/**
 * Signals and cancellation requests that reach a running run from clients or other workflows. Both
 * arrive like activity results: buffered while a workflow task runs, and they ask for a workflow task.
 *
 * <p>Retries are harmless: a signal whose request id was already applied, and any cancellation request
 * after the first, change nothing. Request ids are remembered for the most recent signals only, which
 * covers a client retrying a call whose answer it lost.
 */
public final class InboundRequests {
  static final int REMEMBERED_SIGNAL_REQUEST_IDS = 200;

  private InboundRequests() {}

  /**
   * Records a signal. Returns false when {@code requestId} was applied before.
   *
   * @param beforeFirstTask the signal of a signal-with-start, written before the first workflow task
   *     instead of asking for one
   * @throws SignalLimitExceededException when the run received the most signals an execution may
   */
  public static boolean signal(WorkflowTransaction tx, WorkflowExecutionSignaledEventAttributes attributes,
      String requestId, boolean beforeFirstTask) {
    MutableState state = tx.state();
    if (!requestId.isEmpty() && state.hasSignalRequestId(requestId)) {
      return false;
    }
    if (state.signalCount() >= tx.config().limits().maxSignalsPerExecution()) {
      throw new SignalLimitExceededException();
    }
    state.rememberSignalRequestId(requestId, REMEMBERED_SIGNAL_REQUEST_IDS);
    if (beforeFirstTask) {
      tx.append(EventFactory.workflowExecutionSignaled(attributes));
    } else {
      tx.appendExternal(EventFactory.workflowExecutionSignaled(attributes));
    }
    return true;
  }

  /** Records a cancellation request; returns false when one was recorded before (nothing changes). */
  public static boolean requestCancel(WorkflowTransaction tx, WorkflowExecutionCancelRequestedEventAttributes attributes,
      String requestId) {
    MutableState state = tx.state();
    if (state.cancelRequested()) {
      return false;
    }
    tx.appendExternal(EventFactory.workflowExecutionCancelRequested(attributes));
    state.setCancelRequestId(requestId);
    return true;
  }

  /** Applies WorkflowExecutionSignaled: one more signal counts against the run's limit. */
  static void applySignaled(ApplyContext ctx, HistoryEvent event) {
    ctx.state().countSignal();
  }

  /** Applies WorkflowExecutionCancelRequested. */
  static void applyCancelRequested(ApplyContext ctx, HistoryEvent event) {
    ctx.state().setCancelRequested();
  }
}
