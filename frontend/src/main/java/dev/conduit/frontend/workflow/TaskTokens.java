package dev.conduit.frontend.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;

/**
 * Reads the task token a worker sends back with a task's result, only far enough to route it: which
 * namespace, workflow and run, or for a query which task queue's matching host waits for the answer.
 * History checks the rest (scheduled event id, attempt) against the workflow's state. Every problem is
 * INVALID_ARGUMENT on {@code task_token}.
 */
public final class TaskTokens {
  static final String FIELD = "task_token";

  private TaskTokens() {}

  /** The token, which must be of {@code kind} and complete: a run for tasks, a query id and queue for queries. */
  public static TaskToken decode(ByteString bytes, TaskKind kind) {
    if (bytes.isEmpty()) {
      throw new InvalidArgumentException(FIELD, "a task token is required");
    }
    TaskToken token;
    try {
      token = TaskToken.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidArgumentException(FIELD, "invalid task token");
    }
    // arbitrary bytes can parse as a proto3 message; an incomplete token is as invalid as garbage
    if (!complete(token)) {
      throw new InvalidArgumentException(FIELD, "invalid task token");
    }
    if (token.getKind() != kind) {
      throw new InvalidArgumentException(FIELD, "invalid task token: this call takes a "
          + describe(kind) + " token, not a " + describe(token.getKind()) + " one");
    }
    return token;
  }

  /** A query token names its query and the task queue whose matching host waits for the answer. */
  private static boolean complete(TaskToken token) {
    if (token.getNamespaceId().isEmpty()) {
      return false;
    }
    return switch (token.getKind()) {
      case TASK_KIND_WORKFLOW, TASK_KIND_ACTIVITY -> !token.getWorkflowId().isEmpty() && !token.getRunId().isEmpty();
      case TASK_KIND_QUERY -> !token.getQueryId().isEmpty() && !token.getTaskQueue().isEmpty();
      default -> false;
    };
  }

  private static String describe(TaskKind kind) {
    return switch (kind) {
      case TASK_KIND_WORKFLOW -> "workflow task";
      case TASK_KIND_QUERY -> "query task";
      default -> "activity task";
    };
  }
}
