package dev.conduit.frontend;

import dev.conduit.frontend.api.DescribeTaskQueue;
import dev.conduit.frontend.api.ListTaskQueuePartitions;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsRequest;
import io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsResponse;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import dev.conduit.frontend.api.ListWorkflowExecutions;
import dev.conduit.frontend.api.ScanWorkflowExecutions;
import dev.conduit.frontend.api.CountWorkflowExecutions;
import dev.conduit.frontend.api.ListOpenWorkflowExecutions;
import dev.conduit.frontend.api.ListClosedWorkflowExecutions;
import dev.conduit.frontend.api.GetSearchAttributes;
import dev.conduit.frontend.visibility.VisibilityReader;
import java.util.Optional;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ScanWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ScanWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.GetSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.GetSearchAttributesResponse;
import dev.conduit.frontend.api.DescribeNamespace;
import dev.conduit.frontend.api.DescribeWorkflowExecution;
import dev.conduit.frontend.api.GetClusterInfo;
import dev.conduit.frontend.api.GetSystemInfo;
import dev.conduit.frontend.api.GetWorkflowExecutionHistory;
import dev.conduit.frontend.api.GetWorkflowExecutionHistoryReverse;
import dev.conduit.frontend.api.ListNamespaces;
import dev.conduit.frontend.api.PollActivityTaskQueue;
import dev.conduit.frontend.api.PollWorkflowTaskQueue;
import dev.conduit.frontend.api.ExecuteMultiOperation;
import dev.conduit.frontend.api.PollWorkflowExecutionUpdate;
import dev.conduit.frontend.api.QueryWorkflow;
import dev.conduit.frontend.api.UpdateWorkflowExecution;
import dev.conduit.frontend.api.RecordActivityTaskHeartbeat;
import dev.conduit.frontend.api.RecordActivityTaskHeartbeatById;
import dev.conduit.frontend.api.RegisterNamespace;
import dev.conduit.frontend.api.RequestCancelWorkflowExecution;
import dev.conduit.frontend.api.ResetStickyTaskQueue;
import dev.conduit.frontend.api.RespondActivityTaskCanceled;
import dev.conduit.frontend.api.RespondActivityTaskCanceledById;
import dev.conduit.frontend.api.RespondActivityTaskCompleted;
import dev.conduit.frontend.api.RespondActivityTaskCompletedById;
import dev.conduit.frontend.api.RespondActivityTaskFailed;
import dev.conduit.frontend.api.RespondActivityTaskFailedById;
import dev.conduit.frontend.api.RespondQueryTaskCompleted;
import dev.conduit.frontend.api.RespondWorkflowTaskCompleted;
import dev.conduit.frontend.api.RespondWorkflowTaskFailed;
import dev.conduit.frontend.api.ShutdownWorker;
import dev.conduit.frontend.api.SignalWithStartWorkflowExecution;
import dev.conduit.frontend.api.SignalWorkflowExecution;
import dev.conduit.frontend.api.StartWorkflowExecution;
import dev.conduit.frontend.api.TerminateWorkflowExecution;
import dev.conduit.frontend.api.DeleteWorkflowExecution;
import dev.conduit.frontend.api.ResetWorkflowExecution;
import dev.conduit.frontend.api.UpdateActivityOptions;
import dev.conduit.frontend.api.ResetActivity;
import dev.conduit.frontend.api.UnpauseActivity;
import dev.conduit.frontend.api.PauseActivity;
import dev.conduit.frontend.api.Operation;
import dev.conduit.frontend.api.Unary;
import dev.conduit.frontend.api.UpdateNamespace;
import dev.conduit.frontend.redirection.ForwardingDecision;
import dev.conduit.frontend.redirection.Redirection;
import dev.conduit.frontend.redirection.RedirectionPolicy;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerResponse;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Temporal's public {@code WorkflowService}. Each RPC is one line that hands the request to its
 * operation class in {@code api/}; {@link Unary} answers with the response or the mapped error. RPCs
 * not overridden here answer {@code UNIMPLEMENTED}. Workflow calls run on the server's call thread in
 * the call's gRPC context, so the calls they make to history and matching end when the client goes away.
 * Every namespace-scoped operation is wrapped by {@link Redirection}, which forwards it to the namespace's
 * active cluster when the {@code dcRedirectionPolicy} says so.
 *
 * <p>To add an RPC: write {@code api/<Rpc>} implementing {@code Operation<Req, Resp>} with a
 * {@link FrontendContext} constructor, add a field built in the constructor (through
 * {@code redirection.wrap} if the RPC names a namespace), and override the stub method with
 * {@code Unary.call(field, request, observer)}.
 */
public final class WorkflowService extends WorkflowServiceGrpc.WorkflowServiceImplBase {
  private final GetSystemInfo getSystemInfo;
  private final ListWorkflowExecutions listWorkflowExecutions;
  private final ScanWorkflowExecutions scanWorkflowExecutions;
  private final CountWorkflowExecutions countWorkflowExecutions;
  private final ListOpenWorkflowExecutions listOpenWorkflowExecutions;
  private final ListClosedWorkflowExecutions listClosedWorkflowExecutions;
  private final GetSearchAttributes getSearchAttributes;
  private final DescribeTaskQueue describeTaskQueue;
  private final ListTaskQueuePartitions listTaskQueuePartitions;
  private final GetClusterInfo getClusterInfo;
  private final RegisterNamespace registerNamespace;
  private final DescribeNamespace describeNamespace;
  private final ListNamespaces listNamespaces;
  private final UpdateNamespace updateNamespace;
  private final Operation<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse> startWorkflowExecution;
  private final Operation<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>
      getWorkflowExecutionHistory;
  private final Operation<GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse>
      getWorkflowExecutionHistoryReverse;
  private final Operation<DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse>
      describeWorkflowExecution;
  private final Operation<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse> pollWorkflowTaskQueue;
  private final Operation<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse> pollActivityTaskQueue;
  private final Operation<RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse>
      respondWorkflowTaskCompleted;
  private final Operation<RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse>
      respondWorkflowTaskFailed;
  private final Operation<RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse>
      respondActivityTaskCompleted;
  private final Operation<RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse>
      respondActivityTaskFailed;
  private final Operation<RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse>
      respondActivityTaskCanceled;
  private final Operation<RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse>
      recordActivityTaskHeartbeat;
  private final Operation<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse> resetStickyTaskQueue;
  private final Operation<ShutdownWorkerRequest, ShutdownWorkerResponse> shutdownWorker;
  private final Operation<SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse> signalWorkflowExecution;
  private final Operation<SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse>
      signalWithStartWorkflowExecution;
  private final Operation<RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse>
      requestCancelWorkflowExecution;
  private final Operation<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>
      terminateWorkflowExecution;
  private final Operation<DeleteWorkflowExecutionRequest, DeleteWorkflowExecutionResponse> deleteWorkflowExecution;
  private final Operation<QueryWorkflowRequest, QueryWorkflowResponse> queryWorkflow;
  private final Operation<UpdateWorkflowExecutionRequest, UpdateWorkflowExecutionResponse> updateWorkflowExecution;
  private final Operation<ResetWorkflowExecutionRequest, ResetWorkflowExecutionResponse> resetWorkflowExecution;
  private final Operation<UpdateActivityOptionsRequest, UpdateActivityOptionsResponse> updateActivityOptions;
  private final Operation<ResetActivityRequest, ResetActivityResponse> resetActivity;
  private final Operation<UnpauseActivityRequest, UnpauseActivityResponse> unpauseActivity;
  private final Operation<PauseActivityRequest, PauseActivityResponse> pauseActivity;
  private final Operation<PollWorkflowExecutionUpdateRequest, PollWorkflowExecutionUpdateResponse>
      pollWorkflowExecutionUpdate;
  private final Operation<ExecuteMultiOperationRequest, ExecuteMultiOperationResponse> executeMultiOperation;
  private final Operation<RespondQueryTaskCompletedRequest, RespondQueryTaskCompletedResponse>
      respondQueryTaskCompleted;
  private final Operation<RespondActivityTaskCompletedByIdRequest, RespondActivityTaskCompletedByIdResponse>
      respondActivityTaskCompletedById;
  private final Operation<RespondActivityTaskFailedByIdRequest, RespondActivityTaskFailedByIdResponse>
      respondActivityTaskFailedById;
  private final Operation<RespondActivityTaskCanceledByIdRequest, RespondActivityTaskCanceledByIdResponse>
      respondActivityTaskCanceledById;
  private final Operation<RecordActivityTaskHeartbeatByIdRequest, RecordActivityTaskHeartbeatByIdResponse>
      recordActivityTaskHeartbeatById;

  /** A workflow service without an advanced visibility store: list and count calls answer UNIMPLEMENTED. */
  public WorkflowService(FrontendContext context) {
    this(context, new VisibilityReader(Optional.empty()));
  }

  public WorkflowService(FrontendContext context, VisibilityReader visibility) {
    this.listWorkflowExecutions = new ListWorkflowExecutions(context, visibility);
    this.scanWorkflowExecutions = new ScanWorkflowExecutions(context, visibility);
    this.countWorkflowExecutions = new CountWorkflowExecutions(context, visibility);
    this.listOpenWorkflowExecutions = new ListOpenWorkflowExecutions(context, visibility);
    this.listClosedWorkflowExecutions = new ListClosedWorkflowExecutions(context, visibility);
    this.getSearchAttributes = new GetSearchAttributes(visibility);
    this.describeTaskQueue = new DescribeTaskQueue(context);
    this.listTaskQueuePartitions = new ListTaskQueuePartitions(context);
    RedirectionPolicy policy = RedirectionPolicy.of(context.settings().redirection().policy());
    Redirection redirection = new Redirection(
        new ForwardingDecision(policy, context.currentCluster(), context.dynamicConfig()),
        context.remoteFrontends(), context.namespaceRegistry(), context.currentCluster());
    this.getSystemInfo = new GetSystemInfo(visibility.store().isPresent());
    this.getClusterInfo = new GetClusterInfo(context, visibility);
    this.registerNamespace = new RegisterNamespace(context);
    this.describeNamespace = new DescribeNamespace(context);
    this.listNamespaces = new ListNamespaces(context);
    this.updateNamespace = new UpdateNamespace(context);
    this.startWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), new StartWorkflowExecution(context));
    this.getWorkflowExecutionHistory =
        redirection.wrap(WorkflowServiceGrpc.getGetWorkflowExecutionHistoryMethod(), new GetWorkflowExecutionHistory(context));
    this.getWorkflowExecutionHistoryReverse = redirection.wrap(
        WorkflowServiceGrpc.getGetWorkflowExecutionHistoryReverseMethod(), new GetWorkflowExecutionHistoryReverse(context));
    this.describeWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getDescribeWorkflowExecutionMethod(), new DescribeWorkflowExecution(context));
    this.pollWorkflowTaskQueue =
        redirection.wrap(WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod(), new PollWorkflowTaskQueue(context));
    this.pollActivityTaskQueue =
        redirection.wrap(WorkflowServiceGrpc.getPollActivityTaskQueueMethod(), new PollActivityTaskQueue(context));
    this.respondWorkflowTaskCompleted =
        redirection.wrap(WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod(), new RespondWorkflowTaskCompleted(context));
    this.respondWorkflowTaskFailed =
        redirection.wrap(WorkflowServiceGrpc.getRespondWorkflowTaskFailedMethod(), new RespondWorkflowTaskFailed(context));
    this.respondActivityTaskCompleted =
        redirection.wrap(WorkflowServiceGrpc.getRespondActivityTaskCompletedMethod(), new RespondActivityTaskCompleted(context));
    this.respondActivityTaskFailed =
        redirection.wrap(WorkflowServiceGrpc.getRespondActivityTaskFailedMethod(), new RespondActivityTaskFailed(context));
    this.respondActivityTaskCanceled =
        redirection.wrap(WorkflowServiceGrpc.getRespondActivityTaskCanceledMethod(), new RespondActivityTaskCanceled(context));
    this.recordActivityTaskHeartbeat =
        redirection.wrap(WorkflowServiceGrpc.getRecordActivityTaskHeartbeatMethod(), new RecordActivityTaskHeartbeat(context));
    this.resetStickyTaskQueue =
        redirection.wrap(WorkflowServiceGrpc.getResetStickyTaskQueueMethod(), new ResetStickyTaskQueue(context));
    this.shutdownWorker =
        redirection.wrap(WorkflowServiceGrpc.getShutdownWorkerMethod(), new ShutdownWorker(context));
    this.signalWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getSignalWorkflowExecutionMethod(), new SignalWorkflowExecution(context));
    this.signalWithStartWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getSignalWithStartWorkflowExecutionMethod(), new SignalWithStartWorkflowExecution(context));
    this.requestCancelWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getRequestCancelWorkflowExecutionMethod(), new RequestCancelWorkflowExecution(context));
    this.terminateWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getTerminateWorkflowExecutionMethod(), new TerminateWorkflowExecution(context));
    this.deleteWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getDeleteWorkflowExecutionMethod(), new DeleteWorkflowExecution(context));
    this.resetWorkflowExecution =
        redirection.wrap(WorkflowServiceGrpc.getResetWorkflowExecutionMethod(), new ResetWorkflowExecution(context));
    this.pauseActivity = redirection.wrap(WorkflowServiceGrpc.getPauseActivityMethod(), new PauseActivity(context));
    this.unpauseActivity = redirection.wrap(WorkflowServiceGrpc.getUnpauseActivityMethod(), new UnpauseActivity(context));
    this.resetActivity = redirection.wrap(WorkflowServiceGrpc.getResetActivityMethod(), new ResetActivity(context));
    this.updateActivityOptions = redirection.wrap(WorkflowServiceGrpc.getUpdateActivityOptionsMethod(), new UpdateActivityOptions(context));
    this.queryWorkflow =
        redirection.wrap(WorkflowServiceGrpc.getQueryWorkflowMethod(), new QueryWorkflow(context));
    UpdateWorkflowExecution updates = new UpdateWorkflowExecution(context);
    this.updateWorkflowExecution = redirection.wrap(WorkflowServiceGrpc.getUpdateWorkflowExecutionMethod(), updates);
    this.executeMultiOperation = redirection.wrap(WorkflowServiceGrpc.getExecuteMultiOperationMethod(),
        new ExecuteMultiOperation(context, updates));
    this.pollWorkflowExecutionUpdate = redirection.wrap(WorkflowServiceGrpc.getPollWorkflowExecutionUpdateMethod(),
        new PollWorkflowExecutionUpdate(context));
    this.respondQueryTaskCompleted =
        redirection.wrap(WorkflowServiceGrpc.getRespondQueryTaskCompletedMethod(), new RespondQueryTaskCompleted(context));
    this.respondActivityTaskCompletedById =
        redirection.wrap(WorkflowServiceGrpc.getRespondActivityTaskCompletedByIdMethod(), new RespondActivityTaskCompletedById(context));
    this.respondActivityTaskFailedById =
        redirection.wrap(WorkflowServiceGrpc.getRespondActivityTaskFailedByIdMethod(), new RespondActivityTaskFailedById(context));
    this.respondActivityTaskCanceledById =
        redirection.wrap(WorkflowServiceGrpc.getRespondActivityTaskCanceledByIdMethod(), new RespondActivityTaskCanceledById(context));
    this.recordActivityTaskHeartbeatById =
        redirection.wrap(WorkflowServiceGrpc.getRecordActivityTaskHeartbeatByIdMethod(), new RecordActivityTaskHeartbeatById(context));
  }

  @Override
  public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> observer) {
    Unary.call(getSystemInfo, request, observer);
  }

  @Override
  public void getClusterInfo(GetClusterInfoRequest request, StreamObserver<GetClusterInfoResponse> observer) {
    Unary.call(getClusterInfo, request, observer);
  }

  @Override
  public void registerNamespace(RegisterNamespaceRequest request, StreamObserver<RegisterNamespaceResponse> observer) {
    Unary.call(registerNamespace, request, observer);
  }

  @Override
  public void describeNamespace(DescribeNamespaceRequest request, StreamObserver<DescribeNamespaceResponse> observer) {
    Unary.call(describeNamespace, request, observer);
  }

  @Override
  public void listNamespaces(ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> observer) {
    Unary.call(listNamespaces, request, observer);
  }

  @Override
  public void updateNamespace(UpdateNamespaceRequest request, StreamObserver<UpdateNamespaceResponse> observer) {
    Unary.call(updateNamespace, request, observer);
  }

  @Override
  public void startWorkflowExecution(
      StartWorkflowExecutionRequest request, StreamObserver<StartWorkflowExecutionResponse> observer) {
    Unary.call(startWorkflowExecution, request, observer);
  }

  @Override
  public void listWorkflowExecutions(ListWorkflowExecutionsRequest request,
      StreamObserver<ListWorkflowExecutionsResponse> observer) {
    Unary.call(listWorkflowExecutions, request, observer);
  }

  @Override
  public void scanWorkflowExecutions(ScanWorkflowExecutionsRequest request,
      StreamObserver<ScanWorkflowExecutionsResponse> observer) {
    Unary.call(scanWorkflowExecutions, request, observer);
  }

  @Override
  public void countWorkflowExecutions(CountWorkflowExecutionsRequest request,
      StreamObserver<CountWorkflowExecutionsResponse> observer) {
    Unary.call(countWorkflowExecutions, request, observer);
  }

  @Override
  public void listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest request,
      StreamObserver<ListOpenWorkflowExecutionsResponse> observer) {
    Unary.call(listOpenWorkflowExecutions, request, observer);
  }

  @Override
  public void listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest request,
      StreamObserver<ListClosedWorkflowExecutionsResponse> observer) {
    Unary.call(listClosedWorkflowExecutions, request, observer);
  }

  @Override
  public void describeTaskQueue(DescribeTaskQueueRequest request, StreamObserver<DescribeTaskQueueResponse> observer) {
    Unary.call(describeTaskQueue, request, observer);
  }

  @Override
  public void listTaskQueuePartitions(ListTaskQueuePartitionsRequest request,
      StreamObserver<ListTaskQueuePartitionsResponse> observer) {
    Unary.call(listTaskQueuePartitions, request, observer);
  }

  @Override
  public void getSearchAttributes(GetSearchAttributesRequest request,
      StreamObserver<GetSearchAttributesResponse> observer) {
    Unary.call(getSearchAttributes, request, observer);
  }

  @Override
  public void getWorkflowExecutionHistory(
      GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> observer) {
    Unary.call(getWorkflowExecutionHistory, request, observer);
  }

  @Override
  public void getWorkflowExecutionHistoryReverse(GetWorkflowExecutionHistoryReverseRequest request,
      StreamObserver<GetWorkflowExecutionHistoryReverseResponse> observer) {
    Unary.call(getWorkflowExecutionHistoryReverse, request, observer);
  }

  @Override
  public void describeWorkflowExecution(
      DescribeWorkflowExecutionRequest request, StreamObserver<DescribeWorkflowExecutionResponse> observer) {
    Unary.call(describeWorkflowExecution, request, observer);
  }

  @Override
  public void pollWorkflowTaskQueue(
      PollWorkflowTaskQueueRequest request, StreamObserver<PollWorkflowTaskQueueResponse> observer) {
    Unary.call(pollWorkflowTaskQueue, request, observer);
  }

  @Override
  public void pollActivityTaskQueue(
      PollActivityTaskQueueRequest request, StreamObserver<PollActivityTaskQueueResponse> observer) {
    Unary.call(pollActivityTaskQueue, request, observer);
  }

  @Override
  public void respondWorkflowTaskCompleted(
      RespondWorkflowTaskCompletedRequest request, StreamObserver<RespondWorkflowTaskCompletedResponse> observer) {
    Unary.call(respondWorkflowTaskCompleted, request, observer);
  }

  @Override
  public void respondWorkflowTaskFailed(
      RespondWorkflowTaskFailedRequest request, StreamObserver<RespondWorkflowTaskFailedResponse> observer) {
    Unary.call(respondWorkflowTaskFailed, request, observer);
  }

  @Override
  public void respondActivityTaskCompleted(
      RespondActivityTaskCompletedRequest request, StreamObserver<RespondActivityTaskCompletedResponse> observer) {
    Unary.call(respondActivityTaskCompleted, request, observer);
  }

  @Override
  public void respondActivityTaskFailed(
      RespondActivityTaskFailedRequest request, StreamObserver<RespondActivityTaskFailedResponse> observer) {
    Unary.call(respondActivityTaskFailed, request, observer);
  }

  @Override
  public void respondActivityTaskCanceled(
      RespondActivityTaskCanceledRequest request, StreamObserver<RespondActivityTaskCanceledResponse> observer) {
    Unary.call(respondActivityTaskCanceled, request, observer);
  }

  @Override
  public void recordActivityTaskHeartbeat(
      RecordActivityTaskHeartbeatRequest request, StreamObserver<RecordActivityTaskHeartbeatResponse> observer) {
    Unary.call(recordActivityTaskHeartbeat, request, observer);
  }

  @Override
  public void resetStickyTaskQueue(
      ResetStickyTaskQueueRequest request, StreamObserver<ResetStickyTaskQueueResponse> observer) {
    Unary.call(resetStickyTaskQueue, request, observer);
  }

  @Override
  public void shutdownWorker(ShutdownWorkerRequest request, StreamObserver<ShutdownWorkerResponse> observer) {
    Unary.call(shutdownWorker, request, observer);
  }

  @Override
  public void signalWorkflowExecution(
      SignalWorkflowExecutionRequest request, StreamObserver<SignalWorkflowExecutionResponse> observer) {
    Unary.call(signalWorkflowExecution, request, observer);
  }

  @Override
  public void signalWithStartWorkflowExecution(
      SignalWithStartWorkflowExecutionRequest request, StreamObserver<SignalWithStartWorkflowExecutionResponse> observer) {
    Unary.call(signalWithStartWorkflowExecution, request, observer);
  }

  @Override
  public void requestCancelWorkflowExecution(
      RequestCancelWorkflowExecutionRequest request, StreamObserver<RequestCancelWorkflowExecutionResponse> observer) {
    Unary.call(requestCancelWorkflowExecution, request, observer);
  }

  @Override
  public void terminateWorkflowExecution(
      TerminateWorkflowExecutionRequest request, StreamObserver<TerminateWorkflowExecutionResponse> observer) {
    Unary.call(terminateWorkflowExecution, request, observer);
  }

  @Override
  public void deleteWorkflowExecution(
      DeleteWorkflowExecutionRequest request, StreamObserver<DeleteWorkflowExecutionResponse> observer) {
    Unary.call(deleteWorkflowExecution, request, observer);
  }

  @Override
  public void resetWorkflowExecution(
      ResetWorkflowExecutionRequest request, StreamObserver<ResetWorkflowExecutionResponse> observer) {
    Unary.call(resetWorkflowExecution, request, observer);
  }

  @Override
  public void pauseActivity(PauseActivityRequest request, StreamObserver<PauseActivityResponse> observer) {
    Unary.call(pauseActivity, request, observer);
  }

  @Override
  public void unpauseActivity(UnpauseActivityRequest request, StreamObserver<UnpauseActivityResponse> observer) {
    Unary.call(unpauseActivity, request, observer);
  }

  @Override
  public void resetActivity(ResetActivityRequest request, StreamObserver<ResetActivityResponse> observer) {
    Unary.call(resetActivity, request, observer);
  }

  @Override
  public void updateActivityOptions(UpdateActivityOptionsRequest request, StreamObserver<UpdateActivityOptionsResponse> observer) {
    Unary.call(updateActivityOptions, request, observer);
  }

  @Override
  public void queryWorkflow(
      QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> observer) {
    Unary.call(queryWorkflow, request, observer);
  }

  @Override
  public void updateWorkflowExecution(
      UpdateWorkflowExecutionRequest request, StreamObserver<UpdateWorkflowExecutionResponse> observer) {
    Unary.call(updateWorkflowExecution, request, observer);
  }

  @Override
  public void executeMultiOperation(
      ExecuteMultiOperationRequest request, StreamObserver<ExecuteMultiOperationResponse> observer) {
    Unary.call(executeMultiOperation, request, observer);
  }

  @Override
  public void pollWorkflowExecutionUpdate(
      PollWorkflowExecutionUpdateRequest request, StreamObserver<PollWorkflowExecutionUpdateResponse> observer) {
    Unary.call(pollWorkflowExecutionUpdate, request, observer);
  }

  @Override
  public void respondQueryTaskCompleted(
      RespondQueryTaskCompletedRequest request, StreamObserver<RespondQueryTaskCompletedResponse> observer) {
    Unary.call(respondQueryTaskCompleted, request, observer);
  }

  @Override
  public void respondActivityTaskCompletedById(
      RespondActivityTaskCompletedByIdRequest request, StreamObserver<RespondActivityTaskCompletedByIdResponse> observer) {
    Unary.call(respondActivityTaskCompletedById, request, observer);
  }

  @Override
  public void respondActivityTaskFailedById(
      RespondActivityTaskFailedByIdRequest request, StreamObserver<RespondActivityTaskFailedByIdResponse> observer) {
    Unary.call(respondActivityTaskFailedById, request, observer);
  }

  @Override
  public void respondActivityTaskCanceledById(
      RespondActivityTaskCanceledByIdRequest request, StreamObserver<RespondActivityTaskCanceledByIdResponse> observer) {
    Unary.call(respondActivityTaskCanceledById, request, observer);
  }

  @Override
  public void recordActivityTaskHeartbeatById(
      RecordActivityTaskHeartbeatByIdRequest request, StreamObserver<RecordActivityTaskHeartbeatByIdResponse> observer) {
    Unary.call(recordActivityTaskHeartbeatById, request, observer);
  }
}
