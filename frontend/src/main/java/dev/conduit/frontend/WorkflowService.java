package dev.conduit.frontend;

import dev.conduit.frontend.api.DescribeNamespace;
import dev.conduit.frontend.api.DescribeWorkflowExecution;
import dev.conduit.frontend.api.GetClusterInfo;
import dev.conduit.frontend.api.GetSystemInfo;
import dev.conduit.frontend.api.GetWorkflowExecutionHistory;
import dev.conduit.frontend.api.ListNamespaces;
import dev.conduit.frontend.api.PollActivityTaskQueue;
import dev.conduit.frontend.api.PollWorkflowTaskQueue;
import dev.conduit.frontend.api.RecordActivityTaskHeartbeat;
import dev.conduit.frontend.api.RegisterNamespace;
import dev.conduit.frontend.api.ResetStickyTaskQueue;
import dev.conduit.frontend.api.RespondActivityTaskCanceled;
import dev.conduit.frontend.api.RespondActivityTaskCompleted;
import dev.conduit.frontend.api.RespondActivityTaskFailed;
import dev.conduit.frontend.api.RespondWorkflowTaskCompleted;
import dev.conduit.frontend.api.RespondWorkflowTaskFailed;
import dev.conduit.frontend.api.ShutdownWorker;
import dev.conduit.frontend.api.StartWorkflowExecution;
import dev.conduit.frontend.api.Unary;
import dev.conduit.frontend.api.UpdateNamespace;
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
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Temporal's public {@code WorkflowService}. Each RPC is one line that hands the request to its
 * operation class in {@code api/}; {@link Unary} answers with the response or the mapped error. RPCs
 * not overridden here answer {@code UNIMPLEMENTED}. Workflow calls run on the server's call thread in
 * the call's gRPC context, so the calls they make to history and matching end when the client goes away.
 *
 * <p>To add an RPC: write {@code api/<Rpc>} implementing {@code Operation<Req, Resp>} with a
 * {@link FrontendContext} constructor, add a field built in the constructor, and override the stub
 * method with {@code Unary.call(field, request, observer)}.
 */
public final class WorkflowService extends WorkflowServiceGrpc.WorkflowServiceImplBase {
  private final GetSystemInfo getSystemInfo;
  private final GetClusterInfo getClusterInfo;
  private final RegisterNamespace registerNamespace;
  private final DescribeNamespace describeNamespace;
  private final ListNamespaces listNamespaces;
  private final UpdateNamespace updateNamespace;
  private final StartWorkflowExecution startWorkflowExecution;
  private final GetWorkflowExecutionHistory getWorkflowExecutionHistory;
  private final DescribeWorkflowExecution describeWorkflowExecution;
  private final PollWorkflowTaskQueue pollWorkflowTaskQueue;
  private final PollActivityTaskQueue pollActivityTaskQueue;
  private final RespondWorkflowTaskCompleted respondWorkflowTaskCompleted;
  private final RespondWorkflowTaskFailed respondWorkflowTaskFailed;
  private final RespondActivityTaskCompleted respondActivityTaskCompleted;
  private final RespondActivityTaskFailed respondActivityTaskFailed;
  private final RespondActivityTaskCanceled respondActivityTaskCanceled;
  private final RecordActivityTaskHeartbeat recordActivityTaskHeartbeat;
  private final ResetStickyTaskQueue resetStickyTaskQueue;
  private final ShutdownWorker shutdownWorker;

  public WorkflowService(FrontendContext context) {
    this.getSystemInfo = new GetSystemInfo();
    this.getClusterInfo = new GetClusterInfo(context);
    this.registerNamespace = new RegisterNamespace(context);
    this.describeNamespace = new DescribeNamespace(context);
    this.listNamespaces = new ListNamespaces(context);
    this.updateNamespace = new UpdateNamespace(context);
    this.startWorkflowExecution = new StartWorkflowExecution(context);
    this.getWorkflowExecutionHistory = new GetWorkflowExecutionHistory(context);
    this.describeWorkflowExecution = new DescribeWorkflowExecution(context);
    this.pollWorkflowTaskQueue = new PollWorkflowTaskQueue(context);
    this.pollActivityTaskQueue = new PollActivityTaskQueue(context);
    this.respondWorkflowTaskCompleted = new RespondWorkflowTaskCompleted(context);
    this.respondWorkflowTaskFailed = new RespondWorkflowTaskFailed(context);
    this.respondActivityTaskCompleted = new RespondActivityTaskCompleted(context);
    this.respondActivityTaskFailed = new RespondActivityTaskFailed(context);
    this.respondActivityTaskCanceled = new RespondActivityTaskCanceled(context);
    this.recordActivityTaskHeartbeat = new RecordActivityTaskHeartbeat(context);
    this.resetStickyTaskQueue = new ResetStickyTaskQueue(context);
    this.shutdownWorker = new ShutdownWorker(context);
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
  public void getWorkflowExecutionHistory(
      GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> observer) {
    Unary.call(getWorkflowExecutionHistory, request, observer);
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
}
