package dev.conduit.history.api.describeworkflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.conduit.history.api.Limits;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflow.v1.PendingWorkflowTaskInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionExtendedInfo;
import io.temporal.api.sdk.v1.UserMetadata;
import io.temporal.api.workflow.v1.WorkflowExecutionConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;

/**
 * DescribeWorkflowExecution: the run's configuration, status, times, history length, memo and search
 * attributes, parent, pending activities, children and workflow task, all from its mutable state.
 */
public final class DescribeWorkflow {
  private final ShardController shards;

  public DescribeWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public DescribeWorkflowExecutionResponse invoke(String namespaceId, DescribeWorkflowExecutionRequest request) {
    String workflowId = request.getExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    Limits.requireId("WorkflowId", workflowId, shard.config());
    String runId = request.getExecution().getRunId();
    if (runId.isEmpty()) {
      runId = shard.currentExecution(namespaceId, workflowId).map(CurrentExecution::runId)
          .orElseThrow(() -> new EntityNotFoundException("workflow execution not found: " + workflowId));
    }
    MutableStateRecord state = shard.read(new WorkflowKey(namespaceId, workflowId, runId));
    return describe(state);
  }

  static DescribeWorkflowExecutionResponse describe(MutableStateRecord state) {
    ExecutionInfo info = state.getExecutionInfo();
    WorkflowExecutionInfo.Builder execution = WorkflowExecutionInfo.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(info.getWorkflowId()).setRunId(info.getRunId()))
        .setType(WorkflowType.newBuilder().setName(info.getWorkflowType()))
        .setStartTime(info.getStartTime())
        .setExecutionTime(info.getExecutionTime())
        .setStatus(WorkflowExecutionStatus.forNumber(state.getStatus()))
        .setHistoryLength(state.getNextEventId() - 1)
        .setTaskQueue(info.getTaskQueue())
        .setFirstRunId(info.getFirstRunId())
        .setStateTransitionCount(state.getStateTransitionCount());
    if (info.hasCloseTime()) {
      execution.setCloseTime(info.getCloseTime());
    }
    if (info.hasParent()) {
      execution.setParentNamespaceId(info.getParent().getNamespaceId())
          .setParentExecution(WorkflowExecution.newBuilder()
              .setWorkflowId(info.getParent().getWorkflowId()).setRunId(info.getParent().getRunId()));
    }
    // the root of the parent chain; a workflow without a parent is its own root
    execution.setRootExecution(info.hasParent() && !info.getParent().getRootWorkflowId().isEmpty()
        ? WorkflowExecution.newBuilder().setWorkflowId(info.getParent().getRootWorkflowId())
            .setRunId(info.getParent().getRootRunId()).build()
        : execution.getExecution());
    if (!info.getMemo().isEmpty()) {
      execution.setMemo(parse(info.getMemo(), Memo.parser()));
    }
    WorkflowExecutionExtendedInfo.Builder extended = WorkflowExecutionExtendedInfo.newBuilder()
        .setCancelRequested(state.getCancelRequested())
        .setOriginalStartTime(info.getStartTime())
        .setResetRunId(info.getResetRunId());
    if (info.hasExecutionExpirationTime()) {
      extended.setExecutionExpirationTime(info.getExecutionExpirationTime());
    }
    if (info.hasRunExpirationTime()) {
      extended.setRunExpirationTime(info.getRunExpirationTime());
    }
    if (!info.getSearchAttributes().isEmpty()) {
      execution.setSearchAttributes(parse(info.getSearchAttributes(), SearchAttributes.parser()));
    }
    DescribeWorkflowExecutionResponse.Builder response = DescribeWorkflowExecutionResponse.newBuilder()
        .setExecutionConfig(WorkflowExecutionConfig.newBuilder()
            .setTaskQueue(TaskQueue.newBuilder().setName(info.getTaskQueue()).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
            .setWorkflowExecutionTimeout(info.getExecutionTimeout())
            .setWorkflowRunTimeout(info.getRunTimeout())
            .setDefaultWorkflowTaskTimeout(info.getDefaultWorkflowTaskTimeout()))
        .setWorkflowExecutionInfo(execution)
        .setWorkflowExtendedInfo(extended);
    if (!info.getUserMetadata().isEmpty()) {
      response.getExecutionConfigBuilder().setUserMetadata(parse(info.getUserMetadata(), UserMetadata.parser()));
    }
    // as on Temporal, a closed run still lists the activities it left pending (a paused one, say)
    state.getActivitiesMap().values().stream()
        .sorted((a, b) -> Long.compare(a.getScheduledEventId(), b.getScheduledEventId()))
        .forEach(activity -> response.addPendingActivities(pendingActivity(activity)));
    boolean running = state.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
    if (running && state.hasWorkflowTask()) {
      response.setPendingWorkflowTask(pendingWorkflowTask(state.getWorkflowTask()));
    }
    if (running) {
      state.getChildExecutionsMap().values().stream()
          .sorted((a, b) -> Long.compare(a.getInitiatedEventId(), b.getInitiatedEventId()))
          .forEach(child -> response.addPendingChildren(PendingChildExecutionInfo.newBuilder()
              .setWorkflowId(child.getWorkflowId())
              .setRunId(child.getRunId())
              .setWorkflowTypeName(child.getWorkflowType())
              .setInitiatedId(child.getInitiatedEventId())
              .setParentClosePolicy(ParentClosePolicy.forNumber(child.getParentClosePolicy()))));
    }
    return response.build();
  }

  private static PendingActivityInfo pendingActivity(ActivityInfo activity) {
    PendingActivityState activityState;
    if (activity.getCancelRequested()) {
      activityState = PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED;
    } else if (activity.getPaused()) {
      // a running attempt goes on until it ends; then the activity waits, paused
      activityState = activity.hasStartedTime()
          ? PendingActivityState.PENDING_ACTIVITY_STATE_PAUSE_REQUESTED : PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED;
    } else if (activity.hasStartedTime()) {
      activityState = PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
    } else {
      activityState = PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED;
    }
    PendingActivityInfo.Builder pending = PendingActivityInfo.newBuilder()
        .setActivityId(activity.getActivityId())
        .setActivityType(ActivityType.newBuilder().setName(activity.getActivityType()))
        .setState(activityState)
        .setAttempt(activity.getAttempt())
        .setMaximumAttempts(ActivityStateMachine.retryPolicy(activity).getMaximumAttempts())
        .setScheduledTime(activity.getCurrentAttemptScheduledTime())
        .setLastWorkerIdentity(activity.getLastWorkerIdentity());
    if (activity.hasStartedTime()) {
      pending.setLastStartedTime(activity.getStartedTime());
    }
    if (activity.getPaused()) {
      pending.setPaused(true).setPauseInfo(PendingActivityInfo.PauseInfo.newBuilder()
          .setPauseTime(activity.getPausedTime())
          .setManual(PendingActivityInfo.PauseInfo.Manual.newBuilder()
              .setIdentity(activity.getPauseIdentity())
              .setReason(activity.getPauseReason())));
    }
    if (activity.hasLastHeartbeatTime()) {
      pending.setLastHeartbeatTime(activity.getLastHeartbeatTime());
    }
    if (!activity.getLastHeartbeatDetails().isEmpty()) {
      pending.setHeartbeatDetails(ActivityStateMachine.payloads(activity.getLastHeartbeatDetails()));
    }
    if (activity.hasExpirationTime()) {
      pending.setExpirationTime(activity.getExpirationTime());
    }
    Failure lastFailure = ActivityStateMachine.lastFailure(activity);
    if (lastFailure != null) {
      pending.setLastFailure(lastFailure);
    }
    return pending.build();
  }

  private static PendingWorkflowTaskInfo pendingWorkflowTask(WorkflowTaskInfo task) {
    PendingWorkflowTaskInfo.Builder pending = PendingWorkflowTaskInfo.newBuilder()
        .setState(task.getStartedEventId() == 0
            ? PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED
            : PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED)
        .setScheduledTime(task.getScheduledTime())
        .setOriginalScheduledTime(task.getOriginalScheduledTime())
        .setAttempt(task.getAttempt());
    if (task.hasStartedTime()) {
      pending.setStartedTime(task.getStartedTime());
    }
    return pending.build();
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt execution info field", e);
    }
  }
}
