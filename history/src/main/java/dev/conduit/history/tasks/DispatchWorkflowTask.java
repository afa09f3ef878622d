package dev.conduit.history.tasks;

import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;

/**
 * Hands a scheduled workflow task to matching: to the worker's sticky queue when it was scheduled
 * there, else to the normal queue. Does nothing when the task was started, replaced or the run closed.
 */
final class DispatchWorkflowTask {
  private DispatchWorkflowTask() {}

  static void execute(ShardContext shard, WorkflowKey key, TransferTaskData data) {
    MutableStateRecord state = shard.read(key);
    if (ExecutionState.ofCode(state.getState()) == ExecutionState.COMPLETED || !state.hasWorkflowTask()) {
      return;
    }
    WorkflowTaskInfo task = state.getWorkflowTask();
    if (task.getScheduledEventId() != data.getScheduledEventId() || task.getStartedEventId() != 0
        || TaskVersions.stale(data.getVersion(), task.getVersion())) {
      return;
    }
    AddTaskRequest.Builder request = AddTaskRequest.newBuilder()
        .setTaskQueue(TaskQueueKey.newBuilder()
            .setNamespaceId(key.namespaceId())
            .setName(task.getTaskQueue())
            .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
            .setSticky(task.getSticky()))
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(task.getScheduledEventId());
    if (ProtoTime.isPositive(task.getScheduleToStartTimeout())) {
      request.setScheduleToStartTimeout(task.getScheduleToStartTimeout());
    }
    shard.matching().addWorkflowTask(request.build());
  }
}
