package dev.conduit.history.api.recordworkflowtaskstarted;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.updates.UpdateProtocol;
import dev.conduit.history.updates.UpdateRegistry;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.HistoryContinuation;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowTaskScheduledEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * RecordWorkflowTaskStarted (matching, when a poller takes a workflow task): records the start and
 * answers the worker's complete poll response. A poll on the run's sticky queue gets the events since
 * the last completed task (the worker has the rest cached); any other poll gets the full history. A
 * stale dispatch (closed run, other task, started by another request) is NOT_FOUND, and matching
 * drops it; a retry with the same request id gets the same answer again.
 */
public final class RecordWorkflowTaskStarted {
  private final ShardController shards;

  public RecordWorkflowTaskStarted(ShardController shards) {
    this.shards = shards;
  }

  public PollWorkflowTaskQueueResponse invoke(RecordWorkflowTaskStartedRequest request) {
    PollWorkflowTaskQueueRequest poll = parsePoll(request.getPollRequest());
    WorkflowKey key = new WorkflowKey(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    ShardContext shard = shards.shardFor(key.namespaceId(), key.workflowId());
    List<Message> messages = new ArrayList<>();
    boolean[] dropped = new boolean[1];
    MutableStateRecord state = shard.update(key, tx -> {
      dropped[0] = false;
      if (!tx.state().isRunning()) {
        throw new EntityNotFoundException("workflow execution already completed");
      }
      WorkflowTaskInfo task = tx.state().workflowTask();
      if (task == null || task.getScheduledEventId() != request.getScheduledEventId()) {
        throw new EntityNotFoundException("workflow task not found");
      }
      if (task.getStartedEventId() != 0) {
        if (task.getRequestId().equals(request.getRequestId())) {
          messages.clear();
          messages.addAll(updateMessages(shard, key, tx.state().workflowTask()));
          return tx.state().snapshot();
        }
        throw new EntityNotFoundException("workflow task already started");
      }
      if (task.getSpeculative() && shard.updates().admitted(key).isEmpty()) {
        // what it was to carry was answered by another task or lost with the shard: nothing to start it for
        WorkflowTaskStateMachine.dropSpeculative(tx);
        dropped[0] = true;
        return null;
      }
      WorkflowTaskStateMachine.start(tx, request.getRequestId(), poll.getIdentity());
      messages.clear();
      messages.addAll(updateMessages(shard, key, tx.state().workflowTask()));
      return tx.state().snapshot();
    });
    if (dropped[0]) {
      throw new EntityNotFoundException("no messages for speculative workflow task");
    }
    ExecutionInfo info = state.getExecutionInfo();
    boolean stickyHit = poll.getTaskQueue().getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY
        && !info.getStickyTaskQueue().isEmpty()
        && info.getStickyTaskQueue().equals(poll.getTaskQueue().getName());
    return response(shard, key, state, stickyHit, messages);
  }

  /**
   * The run's admitted Workflow Updates, as request messages of the task (Temporal's protocol): each is
   * sequenced after the last event before the task's started event, and is carried again by every task that
   * starts until the worker accepts or rejects it.
   */
  public static List<Message> updateMessages(ShardContext shard, WorkflowKey key, WorkflowTaskInfo task) {
    List<Message> messages = new ArrayList<>();
    for (UpdateRegistry.Admitted update : shard.updates().admitted(key)) {
      shard.updates().markSent(update, task.getScheduledEventId());
      messages.add(Message.newBuilder()
          .setId(UpdateProtocol.requestMessageId(update.updateId()))
          .setProtocolInstanceId(update.updateId())
          .setEventId(task.getStartedEventId() - 1)
          .setBody(Any.pack(update.request()))
          .build());
    }
    return messages;
  }

  /**
   * The worker's poll response for the started workflow task of {@code state}: the events since the last completed
   * task when the worker has the run cached ({@code stickyHit}), else the whole history; and {@code messages}.
   */
  public static PollWorkflowTaskQueueResponse response(ShardContext shard, WorkflowKey key, MutableStateRecord state,
      boolean stickyHit, List<Message> messages) {
    ExecutionInfo info = state.getExecutionInfo();
    WorkflowTaskInfo task = state.getWorkflowTask();
    long previousStarted = state.getLastCompletedWorkflowTaskStartedEventId();
    long firstEventId = stickyHit && previousStarted > 0 ? previousStarted + 1 : 1;
    long nextEventId = state.getNextEventId();
    History transientEvents = task.getTransient() ? transientEvents(info, task) : History.getDefaultInstance();

    byte[] branch = HistoryPages.branchOf(state);
    HistoryPages.Page page = HistoryPages.read(shard, branch, firstEventId, nextEventId, shard.config().historyPageSize(), null);
    History.Builder history = History.newBuilder().addAllEvents(page.events());
    PollWorkflowTaskQueueResponse.Builder response = PollWorkflowTaskQueueResponse.newBuilder();
    if (page.storeToken() != null) {
      response.setNextPageToken(HistoryPages.encode(HistoryContinuation.newBuilder()
          .setRunId(key.runId())
          .setFirstEventId(firstEventId)
          .setNextEventId(nextEventId)
          .setPersistenceToken(ByteString.copyFrom(page.storeToken()))
          .setBranchToken(ByteString.copyFrom(branch))
          .setTransientEvents(transientEvents.toByteString())
          .build()));
    } else {
      history.addAllEvents(transientEvents.getEventsList());
    }
    TaskToken token = TaskToken.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(task.getScheduledEventId())
        .setStartedEventId(task.getStartedEventId())
        .setAttempt(task.getAttempt())
        .setStartedRequestId(task.getRequestId())
        .setKind(TaskKind.TASK_KIND_WORKFLOW)
        .build();
    return response
        .setTaskToken(TaskTokens.encode(token))
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
        .setWorkflowType(WorkflowType.newBuilder().setName(info.getWorkflowType()))
        .setPreviousStartedEventId(previousStarted)
        .setStartedEventId(task.getStartedEventId())
        .setAttempt(task.getAttempt())
        .setHistory(history)
        .setWorkflowExecutionTaskQueue(TaskQueue.newBuilder().setName(info.getTaskQueue())
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setScheduledTime(task.getScheduledTime())
        .setStartedTime(task.getStartedTime())
        .addAllMessages(messages)
        .build();
  }

  /**
   * The scheduled and started events of a retried or speculative task, which history keeps back until it
   * completes.
   */
  static History transientEvents(ExecutionInfo info, WorkflowTaskInfo task) {
    HistoryEvent scheduled = HistoryEvent.newBuilder()
        .setEventId(task.getScheduledEventId())
        .setEventTime(task.getScheduledTime())
        .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
        .setVersion(task.getVersion())
        .setWorkflowTaskScheduledEventAttributes(WorkflowTaskScheduledEventAttributes.newBuilder()
            .setTaskQueue(WorkflowTaskStateMachine.taskQueueOf(info, task))
            .setStartToCloseTimeout(task.getStartToCloseTimeout())
            .setAttempt(task.getAttempt()))
        .build();
    HistoryEvent started = HistoryEvent.newBuilder()
        .setEventId(task.getStartedEventId())
        .setEventTime(task.getStartedTime())
        .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        .setVersion(task.getVersion())
        .setWorkflowTaskStartedEventAttributes(WorkflowTaskStartedEventAttributes.newBuilder()
            .setScheduledEventId(task.getScheduledEventId())
            .setIdentity(task.getIdentity())
            .setRequestId(task.getRequestId()))
        .build();
    return History.newBuilder().addEvents(scheduled).addEvents(started).build();
  }

  private static PollWorkflowTaskQueueRequest parsePoll(ByteString bytes) {
    try {
      return PollWorkflowTaskQueueRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("poll request is malformed");
    }
  }
}
