package dev.conduit.history.client;

import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@link MatchingClient} over matching's gRPC API, each call bounded by a deadline. */
public final class GrpcMatchingClient implements MatchingClient {
  private final MatchingServiceGrpc.MatchingServiceBlockingStub stub;
  private final Duration timeout;

  public GrpcMatchingClient(Channel channel, Duration timeout) {
    this.stub = MatchingServiceGrpc.newBlockingStub(channel);
    this.timeout = timeout;
  }

  @Override
  public AddTaskResponse addWorkflowTask(AddTaskRequest request) {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).addWorkflowTask(request);
  }

  @Override
  public AddTaskResponse addActivityTask(AddTaskRequest request) {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).addActivityTask(request);
  }

  @Override
  public QueryWorkflowResponse queryWorkflow(QueryWorkflowRequest request, Duration timeout) {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).queryWorkflow(request);
  }
}
