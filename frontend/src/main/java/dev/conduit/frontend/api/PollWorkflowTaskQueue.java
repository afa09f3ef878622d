package dev.conduit.frontend.api;

import com.google.protobuf.ByteString;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Encoded;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.TaskQueueKeys;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.UUID;

/**
 * A worker's long poll for a workflow task, forwarded to the matching host of the queue; a sticky queue
 * ({@code kind = STICKY}) is a queue of its own. Matching answers the complete task (history attached) or,
 * after ~60 s without one, nothing: the worker then gets an empty response and polls again.
 */
public final class PollWorkflowTaskQueue implements Operation<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse> {
  private final Namespaces namespaces;
  private final MatchingServiceClient matching;

  public PollWorkflowTaskQueue(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.matching = context.matchingClient();
  }

  @Override
  public PollWorkflowTaskQueueResponse handle(PollWorkflowTaskQueueRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    TaskQueue queue = RequestChecks.requireTaskQueue("task_queue", request.hasTaskQueue(), request.getTaskQueue());
    RequestChecks.checkLength("identity", request.getIdentity());
    TaskQueueKey key = TaskQueueKeys.of(namespaceId, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    PollRequest poll = PollRequest.newBuilder()
        .setTaskQueue(key)
        .setRequest(request.toByteString())
        .setPollerId(UUID.randomUUID().toString())
        .build();
    ByteString answer = matching.poll(key, stub -> stub.pollWorkflowTaskQueue(poll).getResponse()).orElse(ByteString.EMPTY);
    // empty bytes parse to the empty response: the expired poll the worker expects
    return Encoded.parse(PollWorkflowTaskQueueResponse.parser(), answer, "matching");
  }
}
