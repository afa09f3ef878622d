package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.common.v1.Priority;

/**
 * Task priority (priority key, fairness key and weight) as Temporal passes it down: an activity runs with
 * the workflow's priority, each field the activity sets itself taking its place.
 */
public final class Priorities {
  private Priorities() {}

  /** The run's priority from its start; the default instance when it has none. */
  public static Priority of(ExecutionInfo info) {
    return parse(info.getPriority());
  }

  /** {@code inherited} with every field {@code own} sets put over it. */
  public static Priority merge(Priority inherited, Priority own) {
    Priority.Builder merged = inherited.toBuilder();
    if (own.getPriorityKey() != 0) {
      merged.setPriorityKey(own.getPriorityKey());
    }
    if (!own.getFairnessKey().isEmpty()) {
      merged.setFairnessKey(own.getFairnessKey());
    }
    if (own.getFairnessWeight() != 0) {
      merged.setFairnessWeight(own.getFairnessWeight());
    }
    return merged.build();
  }

  /** A stored priority blob; the default instance when empty. */
  public static Priority parse(ByteString stored) {
    if (stored.isEmpty()) {
      return Priority.getDefaultInstance();
    }
    try {
      return Priority.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt stored priority", e);
    }
  }
}
