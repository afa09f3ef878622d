package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.ParentInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * Apply functions of the events that set the run's execution info: WorkflowExecutionStarted (everything
 * the run knows about itself, and its start-delay and timeout timers) and the property changes.
 */
public final class WorkflowStart {
  private WorkflowStart() {}

  static void applyStarted(ApplyContext ctx, HistoryEvent event) {
    MutableState state = ctx.state();
    if (state.nextEventId() != 2 || state.state() != ExecutionState.CREATED) {
      throw new IllegalTransitionException("workflow", state.state(), "WorkflowExecutionStarted as event "
          + event.getEventId());
    }
    WorkflowExecutionStartedEventAttributes a = event.getWorkflowExecutionStartedEventAttributes();
    Instant startTime = ApplyContext.timeOf(event);
    Instant executionTime = startTime.plus(ProtoTime.duration(a.getFirstWorkflowTaskBackoff()));
    ExecutionInfo.Builder info = state.infoBuilder()
        .setFirstRunId(a.getFirstExecutionRunId())
        .setWorkflowType(a.getWorkflowType().getName())
        .setTaskQueue(a.getTaskQueue().getName())
        .setExecutionTimeout(a.getWorkflowExecutionTimeout())
        .setRunTimeout(a.getWorkflowRunTimeout())
        .setDefaultWorkflowTaskTimeout(a.getWorkflowTaskTimeout())
        .setStartTime(event.getEventTime())
        .setExecutionTime(ProtoTime.timestamp(executionTime))
        .setIdentity(a.getIdentity())
        .setStartVersion(event.getVersion())
        .setAttempt(a.getAttempt());
    if (a.hasParentWorkflowExecution()) {
      info.setParent(ParentInfo.newBuilder()
          .setNamespaceId(a.getParentWorkflowNamespaceId())
          .setWorkflowId(a.getParentWorkflowExecution().getWorkflowId())
          .setRunId(a.getParentWorkflowExecution().getRunId())
          .setInitiatedEventId(a.getParentInitiatedEventId())
          .setRootWorkflowId(a.getRootWorkflowExecution().getWorkflowId())
          .setRootRunId(a.getRootWorkflowExecution().getRunId()));
    }
    if (a.hasMemo()) {
      info.setMemo(a.getMemo().toByteString());
    }
    if (a.hasPriority()) {
      info.setPriority(a.getPriority().toByteString());
    }
    if (event.hasUserMetadata()) {
      info.setUserMetadata(event.getUserMetadata().toByteString());
    }
    if (a.hasSearchAttributes()) {
      info.setSearchAttributes(a.getSearchAttributes().toByteString());
    }
    if (a.hasRetryPolicy()) {
      info.setRetryPolicy(a.getRetryPolicy().toByteString());
    }
    if (a.hasHeader()) {
      info.setHeader(a.getHeader().toByteString());
    }
    Instant executionExpiration = null;
    if (a.hasWorkflowExecutionExpirationTime()) {
      executionExpiration = ProtoTime.instant(a.getWorkflowExecutionExpirationTime());
      info.setExecutionExpirationTime(a.getWorkflowExecutionExpirationTime());
    }
    Duration runTimeout = ProtoTime.duration(a.getWorkflowRunTimeout());
    Instant runExpiration = null;
    if (!runTimeout.isZero()) {
      runExpiration = earliest(executionTime.plus(runTimeout), executionExpiration);
      info.setRunExpirationTime(ProtoTime.timestamp(runExpiration));
    }
    if (executionTime.isAfter(startTime)) {
      ctx.timerTask(event, TimerTaskType.WORKFLOW_START_DELAY, executionTime, TimerTaskData.getDefaultInstance());
    }
    Instant expiration = earliest(executionExpiration, runExpiration);
    if (expiration != null) {
      ctx.timerTask(event, TimerTaskType.WORKFLOW_TIMEOUT, expiration, TimerTaskData.getDefaultInstance());
    }
    ctx.transferTask(event, TransferTaskType.VISIBILITY, TransferTaskData.getDefaultInstance());
  }

  static void applySearchAttributesUpserted(ApplyContext ctx, HistoryEvent event) {
    ExecutionInfo.Builder info = ctx.state().infoBuilder();
    SearchAttributes stored = parseStored(info.getSearchAttributes(), SearchAttributes.parser(),
        SearchAttributes.getDefaultInstance());
    SearchAttributes merged = SearchAttributes.newBuilder()
        .putAllIndexedFields(PayloadMaps.merge(stored.getIndexedFieldsMap(),
            event.getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes().getIndexedFieldsMap()))
        .build();
    info.setSearchAttributes(merged.toByteString());
    ctx.transferTask(event, TransferTaskType.VISIBILITY, TransferTaskData.getDefaultInstance());
  }

  static void applyPropertiesModified(ApplyContext ctx, HistoryEvent event) {
    ctx.state().infoBuilder().setMemo(mergedMemo(ctx.state().info(),
        event.getWorkflowPropertiesModifiedEventAttributes().getUpsertedMemo()).toByteString());
    ctx.transferTask(event, TransferTaskType.VISIBILITY, TransferTaskData.getDefaultInstance());
  }

  /** The run's memo with {@code upserted} merged in; the decide side checks its size with this. */
  static Memo mergedMemo(ExecutionInfo info, Memo upserted) {
    Memo stored = parseStored(info.getMemo(), Memo.parser(), Memo.getDefaultInstance());
    return Memo.newBuilder().putAllFields(PayloadMaps.merge(stored.getFieldsMap(), upserted.getFieldsMap())).build();
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  /** A stored memo or search-attribute blob of the execution info, or {@code empty} when none is stored. */
  public static <T> T parseStored(ByteString bytes, com.google.protobuf.Parser<T> parser, T empty) {
    if (bytes.isEmpty()) {
      return empty;
    }
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt stored workflow property", e);
    }
  }
}
