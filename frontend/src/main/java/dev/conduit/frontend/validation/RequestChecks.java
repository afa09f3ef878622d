package dev.conduit.frontend.validation;

import dev.conduit.frontend.errors.InvalidArgumentException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The field checks workflow calls share, each failing with an {@link InvalidArgumentException} that names
 * the field as the request proto does. Limits are Temporal's defaults, so a request one server accepts
 * the other accepts too.
 */
public final class RequestChecks {
  /** Workflow ids, type names, task queue names, request ids, identities. */
  public static final int MAX_ID_LENGTH = 1000;
  private static final Pattern UUID_SHAPE =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private RequestChecks() {}

  /** A required id: set, and at most {@link #MAX_ID_LENGTH} characters. */
  public static String requireId(String field, String value) {
    if (value.isEmpty()) {
      throw new InvalidArgumentException(field, "is required");
    }
    return checkLength(field, value);
  }

  /** An optional string: at most {@link #MAX_ID_LENGTH} characters when set. */
  public static String checkLength(String field, String value) {
    if (value.length() > MAX_ID_LENGTH) {
      throw new InvalidArgumentException(field, "is " + value.length() + " characters long, the limit is "
          + MAX_ID_LENGTH);
    }
    return value;
  }

  /** The request id the caller chose, or a new one: history dedupes retries of a call by it. */
  public static String requestIdOrNew(String field, String requestId) {
    return requestId.isEmpty() ? UUID.randomUUID().toString() : checkLength(field, requestId);
  }

  /** A task queue with a name; a sticky queue's normal name obeys the same length limit. */
  public static TaskQueue requireTaskQueue(String field, boolean present, TaskQueue queue) {
    if (!present || queue.getName().isEmpty()) {
      throw new InvalidArgumentException(field, "a task queue is required");
    }
    checkLength(field + ".name", queue.getName());
    if (queue.getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY) {
      checkLength(field + ".normal_name", queue.getNormalName());
    }
    return queue;
  }

  /** A workflow execution with a workflow id, and a run id that is empty or a UUID (history makes them so). */
  public static WorkflowExecution requireExecution(String field, WorkflowExecution execution) {
    requireId(field + ".workflow_id", execution.getWorkflowId());
    checkRunId(field + ".run_id", execution.getRunId());
    return execution;
  }

  /** An optional run id: empty (the current run) or a UUID. */
  public static String checkRunId(String field, String runId) {
    if (!runId.isEmpty() && !UUID_SHAPE.matcher(runId).matches()) {
      throw new InvalidArgumentException(field, "'" + shorten(runId) + "' is not a valid run id (a UUID)");
    }
    return runId;
  }

  /** A timeout or delay: a well-formed duration, never negative (zero means the server's default). */
  public static void checkTimeout(String field, com.google.protobuf.Duration value) {
    long seconds = value.getSeconds();
    int nanos = value.getNanos();
    if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      throw new InvalidArgumentException(field, "not a valid duration (seconds " + seconds + ", nanos " + nanos + ")");
    }
    if (seconds < 0 || nanos < 0) {
      throw new InvalidArgumentException(field, "must not be negative, was " + seconds + "s " + nanos + "ns");
    }
  }

  private static String shorten(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
