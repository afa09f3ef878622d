package dev.conduit.history.handler;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.conduit.history.api.ActivityRef;
import dev.conduit.history.api.describeworkflow.DescribeWorkflow;
import dev.conduit.history.api.getrawhistory.GetRawHistory;
import dev.conduit.history.api.getreplicationtasks.GetReplicationTasks;
import dev.conduit.history.api.replicateevents.ReplicateEvents;
import dev.conduit.history.api.syncactivity.SyncActivity;
import dev.conduit.history.api.getworkflowhistory.GetWorkflowHistory;
import dev.conduit.history.api.queryworkflow.QueryWorkflow;
import dev.conduit.history.api.recordactivitytaskheartbeat.RecordActivityTaskHeartbeat;
import dev.conduit.history.api.recordactivitytaskstarted.RecordActivityTaskStarted;
import dev.conduit.history.api.recordchildcompleted.RecordChildCompleted;
import dev.conduit.history.api.recordworkflowtaskstarted.RecordWorkflowTaskStarted;
import dev.conduit.history.api.requestcancelexternal.RequestCancelExternal;
import dev.conduit.history.api.requestcancelworkflow.RequestCancelWorkflow;
import dev.conduit.history.api.resetstickytaskqueue.ResetStickyTaskQueue;
import dev.conduit.history.api.respondactivitytaskcanceled.RespondActivityTaskCanceled;
import dev.conduit.history.api.respondactivitytaskcompleted.RespondActivityTaskCompleted;
import dev.conduit.history.api.respondactivitytaskfailed.RespondActivityTaskFailed;
import dev.conduit.history.api.respondworkflowtaskcompleted.RespondWorkflowTaskCompleted;
import dev.conduit.history.api.respondworkflowtaskfailed.RespondWorkflowTaskFailed;
import dev.conduit.history.api.signalexternal.SignalExternal;
import dev.conduit.history.api.signalwithstart.SignalWithStartWorkflow;
import dev.conduit.history.api.signalworkflow.SignalWorkflow;
import dev.conduit.history.api.updateworkflow.UpdateWithStart;
import dev.conduit.history.api.updateworkflow.UpdateWorkflow;
import dev.conduit.history.api.startchildworkflow.StartChildWorkflow;
import dev.conduit.history.api.startworkflow.StartWorkflow;
import dev.conduit.history.api.terminateworkflow.TerminateWorkflow;
import dev.conduit.history.api.deleteworkflow.DeleteWorkflow;
import dev.conduit.history.api.resetworkflow.ResetWorkflow;
import dev.conduit.history.api.activitycontrol.ActivityControl;
import dev.conduit.history.api.updatereplicationacklevel.UpdateReplicationAckLevel;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardController;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionResponse;
import dev.conduit.proto.history.v1.ExternalRequest;
import dev.conduit.proto.history.v1.ExternalResponse;
import dev.conduit.proto.history.v1.GetReplicationTasksRequest;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.history.v1.SyncActivityResponse;
import dev.conduit.proto.history.v1.GetReplicationTasksResponse;
import dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryRequest;
import dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryResponse;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.history.v1.RecordChildCompletedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import dev.conduit.proto.history.v1.ResetStickyTaskQueueRequest;
import dev.conduit.proto.history.v1.ResetStickyTaskQueueResponse;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowResponse;
import dev.conduit.proto.history.v1.StartWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.StartWorkflowExecutionResponse;
import dev.conduit.proto.history.v1.TaskResultRequest;
import dev.conduit.proto.history.v1.TaskResultResponse;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelRequest;
import dev.conduit.proto.history.v1.UpdateReplicationAckLevelResponse;
import dev.conduit.proto.history.v1.WorkflowRequest;
import dev.conduit.proto.history.v1.WorkflowResponse;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HistoryService gRPC endpoint: decodes the Temporal messages carried as bytes, hands each call to
 * its operation class (the *ById activity calls to the same class's by-id entry), and maps errors to
 * statuses. Holds no logic of its own.
 */
public final class HistoryHandler extends HistoryServiceGrpc.HistoryServiceImplBase {
  private final StartWorkflow startWorkflow;
  private final GetWorkflowHistory getWorkflowHistory;
  private final DescribeWorkflow describeWorkflow;
  private final RecordWorkflowTaskStarted recordWorkflowTaskStarted;
  private final RecordActivityTaskStarted recordActivityTaskStarted;
  private final RespondWorkflowTaskCompleted respondWorkflowTaskCompleted;
  private final RespondWorkflowTaskFailed respondWorkflowTaskFailed;
  private final RespondActivityTaskCompleted respondActivityTaskCompleted;
  private final RespondActivityTaskFailed respondActivityTaskFailed;
  private final RespondActivityTaskCanceled respondActivityTaskCanceled;
  private final RecordActivityTaskHeartbeat recordActivityTaskHeartbeat;
  private final ResetStickyTaskQueue resetStickyTaskQueue;
  private final SignalWorkflow signalWorkflow;
  private final SignalWithStartWorkflow signalWithStartWorkflow;
  private final RequestCancelWorkflow requestCancelWorkflow;
  private final TerminateWorkflow terminateWorkflow;
  private final DeleteWorkflow deleteWorkflow;
  private final ResetWorkflow resetWorkflow;
  private final ActivityControl activityControl;
  private final QueryWorkflow queryWorkflow;
  private final UpdateWorkflow updateWorkflow;
  private final UpdateWithStart updateWithStart;
  private final StartChildWorkflow startChildWorkflow;
  private final RecordChildCompleted recordChildCompleted;
  private final SignalExternal signalExternal;
  private final RequestCancelExternal requestCancelExternal;
  private final GetReplicationTasks getReplicationTasks;
  private final UpdateReplicationAckLevel updateReplicationAckLevel;
  private final ReplicateEvents replicateEvents;
  private final SyncActivity syncActivity;
  private final GetRawHistory getRawHistory;
  private final ShardController shards;

  public HistoryHandler(ShardController shards, ScheduledExecutorService scheduler) {
    this.shards = shards;
    this.startWorkflow = new StartWorkflow(shards);
    this.getWorkflowHistory = new GetWorkflowHistory(shards, scheduler);
    this.describeWorkflow = new DescribeWorkflow(shards);
    this.recordWorkflowTaskStarted = new RecordWorkflowTaskStarted(shards);
    this.recordActivityTaskStarted = new RecordActivityTaskStarted(shards);
    this.respondWorkflowTaskCompleted = new RespondWorkflowTaskCompleted(shards);
    this.respondWorkflowTaskFailed = new RespondWorkflowTaskFailed(shards);
    this.respondActivityTaskCompleted = new RespondActivityTaskCompleted(shards);
    this.respondActivityTaskFailed = new RespondActivityTaskFailed(shards);
    this.respondActivityTaskCanceled = new RespondActivityTaskCanceled(shards);
    this.recordActivityTaskHeartbeat = new RecordActivityTaskHeartbeat(shards);
    this.resetStickyTaskQueue = new ResetStickyTaskQueue(shards);
    this.signalWorkflow = new SignalWorkflow(shards);
    this.signalWithStartWorkflow = new SignalWithStartWorkflow(shards);
    this.requestCancelWorkflow = new RequestCancelWorkflow(shards);
    this.terminateWorkflow = new TerminateWorkflow(shards);
    this.deleteWorkflow = new DeleteWorkflow(shards);
    this.resetWorkflow = new ResetWorkflow(shards);
    this.activityControl = new ActivityControl(shards);
    this.queryWorkflow = new QueryWorkflow(shards, scheduler);
    this.updateWorkflow = new UpdateWorkflow(shards, scheduler);
    this.updateWithStart = new UpdateWithStart(shards, startWorkflow, updateWorkflow);
    this.startChildWorkflow = new StartChildWorkflow(startWorkflow);
    this.recordChildCompleted = new RecordChildCompleted(shards);
    this.signalExternal = new SignalExternal(shards);
    this.requestCancelExternal = new RequestCancelExternal(shards);
    this.getReplicationTasks = new GetReplicationTasks(shards);
    this.updateReplicationAckLevel = new UpdateReplicationAckLevel(shards);
    this.replicateEvents = new ReplicateEvents(shards);
    this.syncActivity = new SyncActivity(shards);
    this.getRawHistory = new GetRawHistory(shards);
  }

  @Override
  public void startWorkflowExecution(StartWorkflowExecutionRequest request,
      StreamObserver<StartWorkflowExecutionResponse> observer) {
    respond(observer, () -> StartWorkflowExecutionResponse.newBuilder()
        .setResponse(startWorkflow.invoke(request.getNamespaceId(), parse(request.getRequest(),
            io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.parser())).toByteString())
        .build());
  }

  @Override
  public void getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request,
      StreamObserver<GetWorkflowExecutionHistoryResponse> observer) {
    try {
      Deadline deadline = io.grpc.Context.current().getDeadline();
      Duration callTimeout = deadline == null ? null : Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS));
      getWorkflowHistory.invoke(request.getNamespaceId(), parse(request.getRequest(),
              io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest.parser()), callTimeout)
          .whenComplete((response, error) -> {
            if (error != null) {
              observer.onError(GrpcErrors.toStatus(unwrap(error)));
            } else {
              observer.onNext(GetWorkflowExecutionHistoryResponse.newBuilder().setResponse(response.toByteString()).build());
              observer.onCompleted();
            }
          });
    } catch (RuntimeException e) {
      observer.onError(GrpcErrors.toStatus(e));
    }
  }

  @Override
  public void describeWorkflowExecution(DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> observer) {
    respond(observer, () -> DescribeWorkflowExecutionResponse.newBuilder()
        .setResponse(describeWorkflow.invoke(request.getNamespaceId(), parse(request.getRequest(),
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.parser())).toByteString())
        .build());
  }

  @Override
  public void recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request,
      StreamObserver<RecordWorkflowTaskStartedResponse> observer) {
    respond(observer, () -> RecordWorkflowTaskStartedResponse.newBuilder()
        .setResponse(recordWorkflowTaskStarted.invoke(request).toByteString()).build());
  }

  @Override
  public void recordActivityTaskStarted(RecordActivityTaskStartedRequest request,
      StreamObserver<RecordActivityTaskStartedResponse> observer) {
    respond(observer, () -> RecordActivityTaskStartedResponse.newBuilder()
        .setResponse(recordActivityTaskStarted.invoke(request).toByteString()).build());
  }

  @Override
  public void respondWorkflowTaskCompleted(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    respond(observer, () -> result(respondWorkflowTaskCompleted.invoke(request.getNamespaceId(),
        parse(request.getRequest(), RespondWorkflowTaskCompletedRequest.parser()))));
  }

  @Override
  public void respondWorkflowTaskFailed(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    respond(observer, () -> result(respondWorkflowTaskFailed.invoke(request.getNamespaceId(),
        parse(request.getRequest(), RespondWorkflowTaskFailedRequest.parser()))));
  }

  @Override
  public void respondActivityTaskCompleted(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    respond(observer, () -> result(request.getById()
        ? respondActivityTaskCompleted.invokeById(ActivityRef.byId(request),
            parse(request.getRequest(), RespondActivityTaskCompletedByIdRequest.parser()))
        : respondActivityTaskCompleted.invoke(request.getNamespaceId(),
            parse(request.getRequest(), RespondActivityTaskCompletedRequest.parser()))));
  }

  @Override
  public void respondActivityTaskFailed(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    respond(observer, () -> result(request.getById()
        ? respondActivityTaskFailed.invokeById(ActivityRef.byId(request),
            parse(request.getRequest(), RespondActivityTaskFailedByIdRequest.parser()))
        : respondActivityTaskFailed.invoke(request.getNamespaceId(),
            parse(request.getRequest(), RespondActivityTaskFailedRequest.parser()))));
  }

  @Override
  public void respondActivityTaskCanceled(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    respond(observer, () -> result(request.getById()
        ? respondActivityTaskCanceled.invokeById(ActivityRef.byId(request),
            parse(request.getRequest(), RespondActivityTaskCanceledByIdRequest.parser()))
        : respondActivityTaskCanceled.invoke(request.getNamespaceId(),
            parse(request.getRequest(), RespondActivityTaskCanceledRequest.parser()))));
  }

  @Override
  public void recordActivityTaskHeartbeat(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    respond(observer, () -> result(request.getById()
        ? recordActivityTaskHeartbeat.invokeById(ActivityRef.byId(request),
            parse(request.getRequest(), RecordActivityTaskHeartbeatByIdRequest.parser()))
        : recordActivityTaskHeartbeat.invoke(request.getNamespaceId(),
            parse(request.getRequest(), RecordActivityTaskHeartbeatRequest.parser()))));
  }

  @Override
  public void resetStickyTaskQueue(ResetStickyTaskQueueRequest request,
      StreamObserver<ResetStickyTaskQueueResponse> observer) {
    respond(observer, () -> {
      resetStickyTaskQueue.invoke(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
      return ResetStickyTaskQueueResponse.getDefaultInstance();
    });
  }

  @Override
  public void signalWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(signalWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), SignalWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void signalWithStartWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(signalWithStartWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), SignalWithStartWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void requestCancelWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(requestCancelWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), RequestCancelWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void terminateWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(terminateWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), TerminateWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void deleteWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(deleteWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), DeleteWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void resetWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(resetWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), ResetWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void pauseActivity(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(activityControl.pause(request.getNamespaceId(),
        parse(request.getRequest(), PauseActivityRequest.parser()))));
  }

  @Override
  public void unpauseActivity(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(activityControl.unpause(request.getNamespaceId(),
        parse(request.getRequest(), UnpauseActivityRequest.parser()))));
  }

  @Override
  public void resetActivity(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(activityControl.reset(request.getNamespaceId(),
        parse(request.getRequest(), ResetActivityRequest.parser()))));
  }

  @Override
  public void updateActivityOptions(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    respond(observer, () -> workflowResponse(activityControl.updateOptions(request.getNamespaceId(),
        parse(request.getRequest(), UpdateActivityOptionsRequest.parser()))));
  }

  @Override
  public void queryWorkflow(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    Deadline deadline = io.grpc.Context.current().getDeadline();
    Duration callTimeout = deadline == null ? null : Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS));
    respond(observer, () -> workflowResponse(queryWorkflow.invoke(request.getNamespaceId(),
        parse(request.getRequest(), QueryWorkflowRequest.parser()), callTimeout)));
  }

  @Override
  public void updateWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    Duration callTimeout = callerTimeLeft();
    respond(observer, () -> workflowResponse(updateWorkflow.update(request.getNamespaceId(),
        parse(request.getRequest(), UpdateWorkflowExecutionRequest.parser()), callTimeout)));
  }

  @Override
  public void pollWorkflowExecutionUpdate(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    Duration callTimeout = callerTimeLeft();
    respond(observer, () -> workflowResponse(updateWorkflow.poll(request.getNamespaceId(),
        parse(request.getRequest(), PollWorkflowExecutionUpdateRequest.parser()), callTimeout)));
  }

  @Override
  public void executeMultiOperation(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    Duration callTimeout = callerTimeLeft();
    respond(observer, () -> workflowResponse(updateWithStart.invoke(request.getNamespaceId(),
        parse(request.getRequest(), ExecuteMultiOperationRequest.parser()), callTimeout)));
  }

  /** Time left until the caller's deadline, or null when it has none. */
  private static Duration callerTimeLeft() {
    Deadline deadline = io.grpc.Context.current().getDeadline();
    return deadline == null ? null : Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS));
  }

  @Override
  public void startChildWorkflow(StartChildWorkflowRequest request, StreamObserver<StartChildWorkflowResponse> observer) {
    respond(observer, () -> startChildWorkflow.invoke(request));
  }

  @Override
  public void recordChildCompleted(RecordChildCompletedRequest request,
      StreamObserver<RecordChildCompletedResponse> observer) {
    respond(observer, () -> {
      recordChildCompleted.invoke(request);
      return RecordChildCompletedResponse.getDefaultInstance();
    });
  }

  @Override
  public void signalExternal(ExternalRequest request, StreamObserver<ExternalResponse> observer) {
    respond(observer, () -> {
      signalExternal.invoke(request);
      return ExternalResponse.getDefaultInstance();
    });
  }

  @Override
  public void requestCancelExternal(ExternalRequest request, StreamObserver<ExternalResponse> observer) {
    respond(observer, () -> {
      requestCancelExternal.invoke(request);
      return ExternalResponse.getDefaultInstance();
    });
  }

  private static WorkflowResponse workflowResponse(Message response) {
    return WorkflowResponse.newBuilder().setResponse(response.toByteString()).build();
  }

  private static TaskResultResponse result(Message response) {
    return TaskResultResponse.newBuilder().setResponse(response.toByteString()).build();
  }

  @Override
  public void getReplicationTasks(GetReplicationTasksRequest request, StreamObserver<GetReplicationTasksResponse> observer) {
    respond(observer, () -> getReplicationTasks.invoke(request));
  }

  @Override
  public void replicateEvents(ReplicateEventsRequest request, StreamObserver<ReplicateEventsResponse> observer) {
    respond(observer, () -> replicateEvents.invoke(request));
  }

  @Override
  public void syncActivity(SyncActivityRequest request, StreamObserver<SyncActivityResponse> observer) {
    respond(observer, () -> syncActivity.invoke(request));
  }

  @Override
  public void getRawHistory(dev.conduit.proto.history.v1.GetRawHistoryRequest request,
      StreamObserver<dev.conduit.proto.history.v1.GetRawHistoryResponse> observer) {
    respond(observer, () -> getRawHistory.invoke(request));
  }

  @Override
  public void describeHistoryHost(dev.conduit.proto.history.v1.DescribeHistoryHostRequest request,
      StreamObserver<dev.conduit.proto.history.v1.DescribeHistoryHostResponse> observer) {
    respond(observer, () -> dev.conduit.proto.history.v1.DescribeHistoryHostResponse.newBuilder()
        .setIdentity(shards.hostIdentity())
        .addAllOwnedShards(shards.ownedShards())
        .setShardCount(shards.numShards())
        .addAllShardQueues(shards.queueStates())
        .build());
  }

  @Override
  public void updateReplicationAckLevel(UpdateReplicationAckLevelRequest request,
      StreamObserver<UpdateReplicationAckLevelResponse> observer) {
    respond(observer, () -> updateReplicationAckLevel.invoke(request));
  }

  private static <T> void respond(StreamObserver<T> observer, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      observer.onError(GrpcErrors.toStatus(e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("request payload is not a valid message: " + e.getMessage());
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof java.util.concurrent.CompletionException
        || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
