package dev.conduit.frontend.api;

import com.google.protobuf.ByteString;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Encoded;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import java.util.UUID;

/**
 * A worker's long poll for an activity task, forwarded to the matching host of the queue. Activity queues
 * are never sticky. After ~60 s without a task the worker gets an empty response and polls again.
 */
public final class PollActivityTaskQueue implements Operation<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse> {
  private final Namespaces namespaces;
  private final MatchingServiceClient matching;

  public PollActivityTaskQueue(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.matching = context.matchingClient();
  }

  @Override
  public PollActivityTaskQueueResponse handle(PollActivityTaskQueueRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    TaskQueue queue = RequestChecks.requireTaskQueue("task_queue", request.hasTaskQueue(), request.getTaskQueue());
    RequestChecks.checkLength("identity", request.getIdentity());
    TaskQueueKey key = TaskQueueKey.newBuilder()
        .setNamespaceId(namespaceId)
        .setName(queue.getName())
        .setType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
        .build();
    PollRequest poll = PollRequest.newBuilder()
        .setTaskQueue(key)
        .setRequest(request.toByteString())
        .setPollerId(UUID.randomUUID().toString())
        .build();
    ByteString answer = matching.poll(key, stub -> stub.pollActivityTaskQueue(poll).getResponse()).orElse(ByteString.EMPTY);
    // empty bytes parse to the empty response: the expired poll the worker expects
    return Encoded.parse(PollActivityTaskQueueResponse.parser(), answer, "matching");
  }
}
