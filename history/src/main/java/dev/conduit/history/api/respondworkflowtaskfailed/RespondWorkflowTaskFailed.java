package dev.conduit.history.api.respondworkflowtaskfailed;

import dev.conduit.history.api.Limits;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.api.WorkflowTasks;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;

/**
 * RespondWorkflowTaskFailed: the worker could not process the task. The failure is recorded (not again
 * for a retried, transient task) and the next attempt is scheduled.
 */
public final class RespondWorkflowTaskFailed {
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
      WorkflowTaskStateMachine.fail(tx, cause, request.hasFailure() ? request.getFailure() : null,
          request.getIdentity(), request.getBinaryChecksum());
      return null;
    });
    return RespondWorkflowTaskFailedResponse.getDefaultInstance();
  }
}
