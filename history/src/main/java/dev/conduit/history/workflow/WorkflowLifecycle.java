package dev.conduit.history.workflow;

import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTimedOutEventAttributes;

/**
 * Closing a run.
 *
 * <pre>
 * RUNNING --complete | fail (commands) | timeOut (timer) | terminate--> CLOSED
 * </pre>
 *
 * <p>A closed run schedules nothing more: its workflow task is dropped, and every later task handler
 * sees it closed and does nothing.
 */
public final class WorkflowLifecycle {

  enum State { RUNNING, CLOSED }

  enum Action { COMPLETE, FAIL, TIME_OUT, TERMINATE }

  static final TransitionTable<State, Action> TABLE = TransitionTable
      .builder("workflow", State.class, Action.class)
      .add(State.RUNNING, Action.COMPLETE, State.CLOSED)
      .add(State.RUNNING, Action.FAIL, State.CLOSED)
      .add(State.RUNNING, Action.TIME_OUT, State.CLOSED)
      .add(State.RUNNING, Action.TERMINATE, State.CLOSED)
      .build();

  private WorkflowLifecycle() {}

  static State stateOf(MutableState state) {
    return state.isRunning() ? State.RUNNING : State.CLOSED;
  }

  /** CompleteWorkflowExecution command; the workflow task was completed just before. */
  public static void complete(WorkflowTransaction tx, long workflowTaskCompletedEventId, Payloads result) {
    TABLE.next(stateOf(tx.state()), Action.COMPLETE);
    HistoryEvent event = tx.append(EventFactory.workflowExecutionCompleted(
        WorkflowExecutionCompletedEventAttributes.newBuilder()
            .setResult(result)
            .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
            .build()));
    close(tx, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, event);
  }

  /** FailWorkflowExecution command. Workflow retry policies are not applied (no new run is started). */
  public static void fail(WorkflowTransaction tx, long workflowTaskCompletedEventId, Failure failure) {
    TABLE.next(stateOf(tx.state()), Action.FAIL);
    HistoryEvent event = tx.append(EventFactory.workflowExecutionFailed(WorkflowExecutionFailedEventAttributes.newBuilder()
        .setFailure(failure)
        .setRetryState(RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET)
        .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)
        .build()));
    close(tx, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED, event);
  }

  /** The run or execution timeout passed. */
  public static void timeOut(WorkflowTransaction tx) {
    TABLE.next(stateOf(tx.state()), Action.TIME_OUT);
    closeWorkflowTask(tx);
    HistoryEvent event = tx.append(EventFactory.workflowExecutionTimedOut(WorkflowExecutionTimedOutEventAttributes.newBuilder()
        .setRetryState(RetryState.RETRY_STATE_TIMEOUT)
        .build()));
    close(tx, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, event);
  }

  public static void terminate(WorkflowTransaction tx, String reason, Payloads details, String identity) {
    TABLE.next(stateOf(tx.state()), Action.TERMINATE);
    closeWorkflowTask(tx);
    WorkflowExecutionTerminatedEventAttributes.Builder attributes = WorkflowExecutionTerminatedEventAttributes
        .newBuilder().setReason(reason).setIdentity(identity);
    if (details != null) {
      attributes.setDetails(details);
    }
    HistoryEvent event = tx.append(EventFactory.workflowExecutionTerminated(attributes.build()));
    close(tx, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, event);
  }

  /** A started task is failed first and buffered events are kept, so no event is lost by the close. */
  private static void closeWorkflowTask(WorkflowTransaction tx) {
    WorkflowTaskStateMachine.forceClose(tx);
    if (tx.state().hasBufferedEvents()) {
      tx.flushBufferedEvents();
    }
  }

  private static void close(WorkflowTransaction tx, WorkflowExecutionStatus status, HistoryEvent closeEvent) {
    MutableState state = tx.state();
    state.setState(ExecutionState.COMPLETED);
    state.setStatus(status);
    state.infoBuilder().setCloseTime(ProtoTime.timestamp(tx.now()));
    state.setCompletionEvent(closeEvent);
    state.clearWorkflowTask();
    tx.addTransferTask(TransferTaskType.CLOSE_EXECUTION, TransferTaskData.getDefaultInstance());
  }
}
