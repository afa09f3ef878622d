package dev.conduit.client.history;

import com.google.protobuf.ByteString;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionResponse;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A history host that records the DescribeWorkflowExecution calls it gets and answers them as the test says; by
 * default with its own id as the response bytes.
 */
final class FakeHistoryHost extends HistoryServiceGrpc.HistoryServiceImplBase {
  final String id;
  final List<DescribeWorkflowExecutionRequest> received = new CopyOnWriteArrayList<>();
  volatile Consumer<StreamObserver<DescribeWorkflowExecutionResponse>> answer = this::answerWithId;

  FakeHistoryHost(String id) {
    this.id = id;
  }

  @Override
  public void describeWorkflowExecution(DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> response) {
    received.add(request);
    answer.accept(response);
  }

  void answerWithId(StreamObserver<DescribeWorkflowExecutionResponse> response) {
    response.onNext(DescribeWorkflowExecutionResponse.newBuilder().setResponse(ByteString.copyFromUtf8(id)).build());
    response.onCompleted();
  }
}
