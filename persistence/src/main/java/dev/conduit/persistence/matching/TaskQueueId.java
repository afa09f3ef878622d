package dev.conduit.persistence.matching;

import dev.conduit.proto.matching.v1.TaskQueueType;
import java.util.Objects;

/**
 * One task queue as matching stores it: namespace id, name, type, and whether it is a worker's sticky
 * queue. There is one partition per queue for now, so this is also the storage partition.
 */
public record TaskQueueId(String namespaceId, String name, TaskQueueType type, boolean sticky) {
  static final int KIND_NORMAL = 1;
  static final int KIND_STICKY = 2;

  public TaskQueueId {
    requireText(namespaceId, "namespace id");
    requireText(name, "task queue name");
    Objects.requireNonNull(type, "type");
    if (type != TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW && type != TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY) {
      throw new IllegalArgumentException("task queue type must be WORKFLOW or ACTIVITY, was " + type);
    }
  }

  /** This queue's key on the matching ring; see {@link #ringKey(String, String, int, boolean)}. */
  public String ringKey() {
    return ringKey(namespaceId, name, type.getNumber(), sticky);
  }

  /**
   * The hash-ring key of a queue: {@code namespaceId/name/type} with the type's number, and {@code /sticky}
   * appended for a sticky queue. Every router to matching and matching itself place queues by this one key.
   */
  public static String ringKey(String namespaceId, String name, int typeNumber, boolean sticky) {
    String key = namespaceId + "/" + name + "/" + typeNumber;
    return sticky ? key + "/sticky" : key;
  }

  /** The stored {@code task_queue_kind}: 1 normal, 2 sticky. */
  int kind() {
    return sticky ? KIND_STICKY : KIND_NORMAL;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  @Override
  public String toString() {
    return namespaceId + "/" + name + "/" + (type == TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW ? "workflow" : "activity")
        + (sticky ? "/sticky" : "");
  }
}
