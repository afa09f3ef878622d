package dev.conduit.matching.query;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.Optional;

/**
 * The task a worker gets for a query, and the token it sends back with its answer. The token names the
 * query id and the task queue (normal or a worker's sticky one), so the frontend finds the matching host that
 * waits for the answer.
 */
public final class QueryTokens {
  private QueryTokens() {}

  /**
   * History's prepared workflow task with the query and a query task token set, encoded for the worker.
   * An empty {@code runId} is taken from the task's execution.
   */
  static ByteString pollResponse(TaskQueueId queue, String workflowId, String runId, String queryId,
      PollWorkflowTaskQueueResponse task, WorkflowQuery query) {
    String run = runId.isEmpty() ? task.getWorkflowExecution().getRunId() : runId;
    TaskToken token = TaskToken.newBuilder()
        .setKind(TaskKind.TASK_KIND_QUERY)
        .setNamespaceId(queue.namespaceId())
        .setWorkflowId(workflowId)
        .setRunId(run)
        .setQueryId(queryId)
        .setTaskQueue(queue.name())
        .setTaskQueueSticky(queue.sticky())
        .build();
    PollWorkflowTaskQueueResponse.Builder response = task.toBuilder()
        .setTaskToken(token.toByteString())
        .setQuery(query);
    if (!task.hasWorkflowExecution()) {
      response.setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(run));
    }
    return response.build().toByteString();
  }

  /** The query token in a worker's answer; empty when the bytes are not a query task token with an id. */
  public static Optional<TaskToken> decode(ByteString taskToken) {
    TaskToken token;
    try {
      token = TaskToken.parseFrom(taskToken);
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    }
    if (token.getKind() != TaskKind.TASK_KIND_QUERY || token.getQueryId().isEmpty()
        || token.getNamespaceId().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(token);
  }
}
