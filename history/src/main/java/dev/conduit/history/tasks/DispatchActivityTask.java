package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.TransferTaskData;

/**
 * Hands an activity attempt to matching, for the first attempt (transfer task) and after a retry
 * backoff (timer task). Does nothing unless that very attempt is still waiting to start and the activity is not
 * paused (UnpauseActivity dispatches it then).
 */
final class DispatchActivityTask {
  private DispatchActivityTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TransferTaskData data) {
    dispatch(shard, key, data.getScheduledEventId(), data.getAttempt(), data.getVersion());
  }

  static void dispatch(ShardContext shard, WorkflowKey key, long scheduledEventId, int attempt, long version) {
    MutableStateRecord state = shard.read(key);
    if (ExecutionState.ofCode(state.getState()) == ExecutionState.COMPLETED) {
      return;
    }
    ActivityInfo activity = state.getActivitiesOrDefault(scheduledEventId, null);
    if (activity == null || activity.getAttempt() != attempt || activity.hasStartedTime() || activity.getPaused()
        || TaskVersions.stale(version, activity.getVersion())) {
      return;
    }
    AddTaskRequest.Builder request = AddTaskRequest.newBuilder()
        .setTaskQueue(TaskQueueKey.newBuilder()
            .setNamespaceId(key.namespaceId())
            .setName(activity.getTaskQueue())
            .setType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY))
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(scheduledEventId);
    if (ProtoTime.isPositive(activity.getScheduleToStartTimeout())) {
      request.setScheduleToStartTimeout(activity.getScheduleToStartTimeout());
    }
    shard.matching().addActivityTask(request.build());
  }
}
