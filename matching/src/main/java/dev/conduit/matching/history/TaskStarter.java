package dev.conduit.matching.history;

import com.google.protobuf.ByteString;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskRecord;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import java.util.UUID;

/**
 * Asks history to record that a poller took a task, on the poller's thread, and answers the poll
 * response history built for the worker (encoded temporal {@code Poll...TaskQueueResponse}).
 */
public final class TaskStarter {
  private final HistoryClient history;

  public TaskStarter(HistoryClient history) {
    this.history = history;
  }

  /** Throws {@link StaleTaskException} or {@link HistoryUnavailableException} as the client does. */
  public ByteString start(TaskQueueId queue, TaskRecord task, ByteString pollRequest) {
    // one id per dispatch: history recognises a retried call of the same dispatch after a lost answer
    String requestId = UUID.randomUUID().toString();
    return switch (queue.type()) {
      case TASK_QUEUE_TYPE_WORKFLOW -> history.recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest.newBuilder()
              .setNamespaceId(queue.namespaceId())
              .setWorkflowId(task.workflowId())
              .setRunId(task.runId())
              .setScheduledEventId(task.scheduledEventId())
              .setRequestId(requestId)
              .setPollRequest(pollRequest)
              .build())
          .getResponse();
      case TASK_QUEUE_TYPE_ACTIVITY -> history.recordActivityTaskStarted(RecordActivityTaskStartedRequest.newBuilder()
              .setNamespaceId(queue.namespaceId())
              .setWorkflowId(task.workflowId())
              .setRunId(task.runId())
              .setScheduledEventId(task.scheduledEventId())
              .setRequestId(requestId)
              .setPollRequest(pollRequest)
              .build())
          .getResponse();
      default -> throw new IllegalArgumentException("task queue " + queue + " has no dispatchable type");
    };
  }
}
