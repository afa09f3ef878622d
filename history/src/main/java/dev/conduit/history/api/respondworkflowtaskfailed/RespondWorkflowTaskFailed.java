package dev.conduit.history.api.respondworkflowtaskfailed;

import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.api.WorkflowTasks;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;

/**
 * RespondWorkflowTaskFailed: the worker could not process the task. The failure is recorded (not again
 * for a retried, transient task) and the next attempt is scheduled.
 *
 * <p>As on Temporal, a worker whose completion was too large for a gRPC message (cause
 * GRPC_MESSAGE_TOO_LARGE) gets no retry: the workflow would produce the same message again, so the run is
 * terminated (its started task closed as FORCE_CLOSE_COMMAND) with the cause's name as the reason.
 */
public final class RespondWorkflowTaskFailed {
  /** Who terminates a run whose completion cannot be sent, as Temporal names its history service. */
  static final String TERMINATE_IDENTITY = "history-service";

  private final ShardController shards;

  public RespondWorkflowTaskFailed(ShardController shards) {
    this.shards = shards;
  }

  @SuppressWarnings("deprecation") // binary checksum: still sent by SDKs without worker versioning
  public RespondWorkflowTaskFailedResponse invoke(String namespaceId, RespondWorkflowTaskFailedRequest request) {
    TaskToken token = TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_WORKFLOW, namespaceId);
    ShardContext shard = shards.shardFor(token.getNamespaceId(), token.getWorkflowId());
    Limits.requireBlob("Failure", request.getFailure(), shard.config());
    WorkflowTaskFailedCause cause = request.getCause() == WorkflowTaskFailedCause.UNRECOGNIZED
        ? WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED : request.getCause();
    shard.updateEndingWorkflowTask(TaskTokens.key(token), tx -> {
      WorkflowTasks.startedTask(tx, token);
      if (cause == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE) {
        WorkflowLifecycle.terminate(tx, cause.name(), null, TERMINATE_IDENTITY);
        return null;
      }
      WorkflowTaskStateMachine.fail(tx, cause, request.hasFailure() ? request.getFailure() : null,
          request.getIdentity(), request.getBinaryChecksum());
      return null;
    });
    return RespondWorkflowTaskFailedResponse.getDefaultInstance();
  }
}
