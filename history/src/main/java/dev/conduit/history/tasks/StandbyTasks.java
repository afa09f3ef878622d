package dev.conduit.history.tasks;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.errors.StandbyTaskPendingException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.ChildWorkflowStateMachine;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.TimerInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.TimeoutType;
import java.util.function.Predicate;

/**
 * The standby rule of the queues. A transfer or timer task of a run whose namespace is active in another cluster
 * (or in HANDOVER: a graceful failover waits for the target to apply everything, so nothing new is written meanwhile)
 * does not act here: no dispatch to this cluster's matching, no timeout, no timer fired. It checks instead whether
 * the events replicated from the active cluster show that the active side has done what the task is for (the
 * workflow task or activity attempt started, the timer fired, the child started, the run closed, ...): then the task
 * is done and dropped, as Temporal's standby executors do. Otherwise it waits, and acts once the namespace fails
 * over to this cluster. So a standby holds only the tasks of work still outstanding, not one per task ever written.
 *
 * <p>Each check leaves a task waiting when in doubt: dropping a task the new active cluster would have needed loses
 * work, keeping one it does not need costs a no-op after the failover.
 */
final class StandbyTasks {
  private StandbyTasks() {}

  /**
   * True when the task may act: the run's namespace is active here and not in HANDOVER. Otherwise false when the
   * run's replicated state shows {@code settled} (the task is done), and {@link StandbyTaskPendingException} when
   * it does not (the task waits).
   */
  static boolean mayAct(ShardContext shard, WorkflowKey key, Predicate<MutableStateRecord> settled) {
    NamespaceEntry namespace = shard.namespaces().byId(key.namespaceId());
    boolean activeHere = namespace.isActiveIn(shard.namespaces().currentCluster());
    if (activeHere && !namespace.inHandover()) {
      return true;
    }
    if (settled.test(shard.read(key))) {
      return false;
    }
    throw activeHere ? StandbyTaskPendingException.inHandover(namespace.name())
        : new StandbyTaskPendingException(namespace.name(), namespace.activeClusterName());
  }

  /** Whether the replicated state shows the transfer task's work done by the active cluster. */
  static boolean settled(TransferTaskType type, MutableStateRecord state, TransferTaskData data) {
    if (type == TransferTaskType.CLOSE_EXECUTION) {
      return closeSettled(state);
    }
    if (closed(state)) {
      return true;
    }
    return switch (type) {
      case WORKFLOW_TASK -> !state.hasWorkflowTask() || workflowTaskMovedOn(state.getWorkflowTask(),
          data.getScheduledEventId()) || state.getWorkflowTask().getStartedEventId() != 0;
      case ACTIVITY_TASK -> attemptSettled(state.getActivitiesOrDefault(data.getScheduledEventId(), null),
          data.getAttempt());
      case START_CHILD -> {
        ChildExecutionInfo child = state.getChildExecutionsOrDefault(data.getInitiatedEventId(), null);
        yield child == null || ChildWorkflowStateMachine.isStarted(child);
      }
      case SIGNAL_EXTERNAL -> !state.containsExternalSignals(data.getInitiatedEventId());
      case CANCEL_EXTERNAL -> !state.containsExternalCancels(data.getInitiatedEventId());
      case CLOSE_EXECUTION, VISIBILITY -> false;
    };
  }

  /** Whether the replicated state shows the timer task's work done by the active cluster. */
  static boolean settled(TimerTaskType type, MutableStateRecord state, TimerTaskData data) {
    if (closed(state)) {
      return true;
    }
    return switch (type) {
      case USER_TIMER -> {
        TimerInfo timer = state.getTimersOrDefault(data.getTimerId(), null);
        yield timer == null || timer.getStartedEventId() != data.getEventId();
      }
      case WORKFLOW_TASK_TIMEOUT -> {
        WorkflowTaskInfo task = state.hasWorkflowTask() ? state.getWorkflowTask() : null;
        boolean scheduleToStart = data.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START_VALUE;
        yield task == null || workflowTaskMovedOn(task, data.getEventId()) || task.getAttempt() != data.getAttempt()
            || (scheduleToStart && task.getStartedEventId() != 0);
      }
      case ACTIVITY_TIMEOUT -> activityTimeoutSettled(state.getActivitiesOrDefault(data.getEventId(), null), data);
      case ACTIVITY_RETRY -> attemptSettled(state.getActivitiesOrDefault(data.getEventId(), null), data.getAttempt());
      case WORKFLOW_TIMEOUT, WORKFLOW_START_DELAY, DELETE_RUN -> false;
    };
  }

  private static boolean closed(MutableStateRecord state) {
    return ExecutionState.ofCode(state.getState()) == ExecutionState.COMPLETED;
  }

  private static boolean workflowTaskMovedOn(WorkflowTaskInfo task, long scheduledEventId) {
    return task.getScheduledEventId() != scheduledEventId;
  }

  /** An attempt waiting to be dispatched is settled once it started, or the activity moved past it or is gone. */
  private static boolean attemptSettled(ActivityInfo activity, int attempt) {
    return activity == null || activity.getAttempt() != attempt || activity.hasStartedTime();
  }

  private static boolean activityTimeoutSettled(ActivityInfo activity, TimerTaskData data) {
    if (activity == null) {
      return true;
    }
    boolean sameAttempt = activity.getAttempt() == data.getAttempt();
    TimeoutType type = TimeoutType.forNumber(data.getTimeoutType());
    if (type == null) {
      return true;
    }
    return switch (type) {
      // spans every attempt: due while the activity is
      case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> false;
      case TIMEOUT_TYPE_SCHEDULE_TO_START -> !sameAttempt || activity.hasStartedTime();
      case TIMEOUT_TYPE_START_TO_CLOSE, TIMEOUT_TYPE_HEARTBEAT -> !sameAttempt || !activity.hasStartedTime();
      default -> true;
    };
  }

  /**
   * A closed run's close task on a standby is settled when there is nothing it would do that the active cluster's
   * events cannot show here: no successor run to start, no parent to tell, no child a close policy acts on.
   * Otherwise it waits, as before, for a failover.
   */
  private static boolean closeSettled(MutableStateRecord state) {
    if (!closed(state)) {
      return false;
    }
    if (state.hasSuccessor() || state.getExecutionInfo().hasParent()) {
      return false;
    }
    for (ChildExecutionInfo child : state.getChildExecutionsMap().values()) {
      ParentClosePolicy policy = ParentClosePolicy.forNumber(child.getParentClosePolicy());
      if (policy == ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE
          || policy == ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
        return false;
      }
    }
    return true;
  }
}
