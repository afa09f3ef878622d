package dev.conduit.frontend.api;

import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.TaskQueueKeys;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueuePartitionMetadata;
import io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsRequest;
import io.temporal.api.workflowservice.v1.ListTaskQueuePartitionsResponse;

/**
 * The partitions of a task queue and the matching host that owns each, for its workflow and its activity side. A queue
 * here has one partition per side (dynamic config {@code matching.numTaskqueueReadPartitions} is 1), named as the queue
 * is; the owner is the address of the matching host the membership ring places it on, empty while no matching host is known.
 */
public final class ListTaskQueuePartitions
    implements Operation<ListTaskQueuePartitionsRequest, ListTaskQueuePartitionsResponse> {
  private final Namespaces namespaces;
  private final MatchingServiceClient matching;

  public ListTaskQueuePartitions(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.matching = context.matchingClient();
  }

  @Override
  public ListTaskQueuePartitionsResponse handle(ListTaskQueuePartitionsRequest request) {
    String namespaceId = namespaces.byName(request.getNamespace()).getInfo().getId();
    TaskQueue queue = RequestChecks.requireTaskQueue("task_queue", request.hasTaskQueue(), request.getTaskQueue());
    return ListTaskQueuePartitionsResponse.newBuilder()
        .addWorkflowTaskQueuePartitions(partition(namespaceId, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW))
        .addActivityTaskQueuePartitions(partition(namespaceId, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY))
        .build();
  }

  private TaskQueuePartitionMetadata partition(String namespaceId, TaskQueue queue, TaskQueueType type) {
    return TaskQueuePartitionMetadata.newBuilder()
        .setKey(queue.getName())
        .setOwnerHostName(matching.ownerAddress(TaskQueueKeys.of(namespaceId, queue, type)).orElse(""))
        .build();
  }
}
