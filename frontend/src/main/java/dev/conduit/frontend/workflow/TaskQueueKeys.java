package dev.conduit.frontend.workflow;

import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;

/** The key matching knows a client's task queue by: namespace, name, type, and whether it is a worker's sticky queue. */
public final class TaskQueueKeys {
  private TaskQueueKeys() {}

  public static TaskQueueKey of(String namespaceId, TaskQueue queue, TaskQueueType type) {
    return TaskQueueKey.newBuilder()
        .setNamespaceId(namespaceId)
        .setName(queue.getName())
        .setType(type)
        .setSticky(queue.getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY)
        .build();
  }
}
