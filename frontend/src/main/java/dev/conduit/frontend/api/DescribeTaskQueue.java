package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Encoded;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.TaskQueueKeys;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;

/**
 * The workers that polled a task queue in the last five minutes (identity and last poll), from the matching host
 * of the queue: what {@code temporal task-queue describe} and the Web UI's workers tab show. The queue's type is the
 * request's (workflow when unspecified); a Nexus queue has no pollers, as nothing here polls one.
 */
public final class DescribeTaskQueue implements Operation<DescribeTaskQueueRequest, DescribeTaskQueueResponse> {
  private final Namespaces namespaces;
  private final MatchingServiceClient matching;

  public DescribeTaskQueue(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.matching = context.matchingClient();
  }

  @Override
  public DescribeTaskQueueResponse handle(DescribeTaskQueueRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    TaskQueue queue = RequestChecks.requireTaskQueue("task_queue", request.hasTaskQueue(), request.getTaskQueue());
    TaskQueueType type = switch (request.getTaskQueueType()) {
      case TASK_QUEUE_TYPE_UNSPECIFIED, TASK_QUEUE_TYPE_WORKFLOW -> TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW;
      case TASK_QUEUE_TYPE_ACTIVITY -> TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
      // nobody polls Nexus queues here (PollNexusTaskQueue is not served), so none has pollers
      case TASK_QUEUE_TYPE_NEXUS -> null;
      default -> throw new InvalidArgumentException("task_queue_type", "unknown task queue type "
          + request.getTaskQueueType());
    };
    if (type == null) {
      return DescribeTaskQueueResponse.getDefaultInstance();
    }
    TaskQueueKey key = TaskQueueKeys.of(namespaceId, queue, type);
    var answer = matching.call(key, stub -> stub.describeTaskQueue(
        dev.conduit.proto.matching.v1.DescribeTaskQueueRequest.newBuilder().setTaskQueue(key).build()));
    return Encoded.parse(DescribeTaskQueueResponse.parser(), answer.getResponse(), "matching");
  }
}
