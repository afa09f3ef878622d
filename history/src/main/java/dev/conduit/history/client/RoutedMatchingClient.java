package dev.conduit.history.client;

import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import java.time.Duration;

/**
 * {@link MatchingClient} over the shared {@link MatchingServiceClient}: each task goes to the owner of its queue,
 * with that client's deadline, retry and breakers. Statuses reach the queues unchanged.
 */
public final class RoutedMatchingClient implements MatchingClient {
  private final MatchingServiceClient matching;

  public RoutedMatchingClient(MatchingServiceClient matching) {
    this.matching = matching;
  }

  @Override
  public AddTaskResponse addWorkflowTask(AddTaskRequest request) {
    return matching.call(request.getTaskQueue(), stub -> stub.addWorkflowTask(request));
  }

  @Override
  public AddTaskResponse addActivityTask(AddTaskRequest request) {
    return matching.call(request.getTaskQueue(), stub -> stub.addActivityTask(request));
  }

  @Override
  public QueryWorkflowResponse queryWorkflow(QueryWorkflowRequest request, Duration timeout) {
    return matching.callWaiting(request.getTaskQueue(), timeout, stub -> stub.queryWorkflow(request));
  }
}
