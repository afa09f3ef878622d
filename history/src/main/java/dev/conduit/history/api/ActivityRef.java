package dev.conduit.history.api;

import dev.conduit.proto.history.v1.TaskResultRequest;
import dev.conduit.proto.token.v1.TaskToken;

/**
 * The activity attempt a worker's result names: by task token (run, scheduled event id and attempt), or
 * by workflow id, run id (empty: the current run) and activity id for the *ById calls of async completion.
 */
public record ActivityRef(String namespaceId, String workflowId, String runId, long scheduledEventId, int attempt,
    String activityId, boolean byId) {

  public static ActivityRef of(TaskToken token) {
    return new ActivityRef(token.getNamespaceId(), token.getWorkflowId(), token.getRunId(),
        token.getScheduledEventId(), token.getAttempt(), token.getActivityId(), false);
  }

  /** A *ById call as the frontend forwards it. */
  public static ActivityRef byId(TaskResultRequest request) {
    return new ActivityRef(request.getNamespaceId(), request.getWorkflowId(), request.getRunId(), 0, 0,
        request.getActivityId(), true);
  }
}
