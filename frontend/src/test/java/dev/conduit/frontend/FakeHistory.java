package dev.conduit.frontend;

import com.google.protobuf.Message;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionResponse;
import dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryRequest;
import dev.conduit.proto.history.v1.GetWorkflowExecutionHistoryResponse;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.ResetStickyTaskQueueRequest;
import dev.conduit.proto.history.v1.ResetStickyTaskQueueResponse;
import dev.conduit.proto.history.v1.StartWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.StartWorkflowExecutionResponse;
import dev.conduit.proto.history.v1.TaskResultRequest;
import dev.conduit.proto.history.v1.TaskResultResponse;
import dev.conduit.proto.history.v1.WorkflowRequest;
import dev.conduit.proto.history.v1.WorkflowResponse;
import io.grpc.stub.StreamObserver;

/**
 * A history service that records what it is asked and answers what the test says: {@link #answer} gets
 * the method name and request and returns a response (null for the default one) or throws a status.
 */
public final class FakeHistory extends HistoryServiceGrpc.HistoryServiceImplBase {
  public final FakeCalls calls = new FakeCalls();

  @Override
  public void startWorkflowExecution(StartWorkflowExecutionRequest request, StreamObserver<StartWorkflowExecutionResponse> observer) {
    calls.answer("StartWorkflowExecution", request, StartWorkflowExecutionResponse.getDefaultInstance(), observer);
  }

  @Override
  public void getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request,
      StreamObserver<GetWorkflowExecutionHistoryResponse> observer) {
    calls.answer("GetWorkflowExecutionHistory", request, GetWorkflowExecutionHistoryResponse.getDefaultInstance(), observer);
  }

  @Override
  public void describeWorkflowExecution(DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> observer) {
    calls.answer("DescribeWorkflowExecution", request, DescribeWorkflowExecutionResponse.getDefaultInstance(), observer);
  }

  @Override
  public void respondWorkflowTaskCompleted(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    result("RespondWorkflowTaskCompleted", request, observer);
  }

  @Override
  public void respondWorkflowTaskFailed(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    result("RespondWorkflowTaskFailed", request, observer);
  }

  @Override
  public void respondActivityTaskCompleted(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    result("RespondActivityTaskCompleted", request, observer);
  }

  @Override
  public void respondActivityTaskFailed(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    result("RespondActivityTaskFailed", request, observer);
  }

  @Override
  public void respondActivityTaskCanceled(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    result("RespondActivityTaskCanceled", request, observer);
  }

  @Override
  public void recordActivityTaskHeartbeat(TaskResultRequest request, StreamObserver<TaskResultResponse> observer) {
    result("RecordActivityTaskHeartbeat", request, observer);
  }

  @Override
  public void resetStickyTaskQueue(ResetStickyTaskQueueRequest request, StreamObserver<ResetStickyTaskQueueResponse> observer) {
    calls.answer("ResetStickyTaskQueue", request, ResetStickyTaskQueueResponse.getDefaultInstance(), observer);
  }

  @Override
  public void signalWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    workflow("SignalWorkflowExecution", request, observer);
  }

  @Override
  public void signalWithStartWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    workflow("SignalWithStartWorkflowExecution", request, observer);
  }

  @Override
  public void requestCancelWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    workflow("RequestCancelWorkflowExecution", request, observer);
  }

  @Override
  public void terminateWorkflowExecution(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    workflow("TerminateWorkflowExecution", request, observer);
  }

  @Override
  public void queryWorkflow(WorkflowRequest request, StreamObserver<WorkflowResponse> observer) {
    workflow("QueryWorkflow", request, observer);
  }

  private void workflow(String method, Message request, StreamObserver<WorkflowResponse> observer) {
    calls.answer(method, request, WorkflowResponse.getDefaultInstance(), observer);
  }

  private void result(String method, Message request, StreamObserver<TaskResultResponse> observer) {
    calls.answer(method, request, TaskResultResponse.getDefaultInstance(), observer);
  }
}
