package dev.conduit.history.api.deleteworkflow;

import dev.conduit.history.api.RunLookup;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionResponse;

/**
 * DeleteWorkflowExecution: the run (the current one when no run id is given) is deleted soon after the call returns,
 * as Temporal does it. A running run is terminated first ("Delete workflow execution", identity
 * {@value #IDENTITY}); in the same write a deletion task is scheduled for now, the same task that ends the
 * retention, so the deletion retries through the timer queue and waits until the run's close tasks (the
 * parent's and the successor's notification, the closed visibility record) are done. Only this cluster's copy is
 * deleted: a terminate replicates, the deletion does not, and a standby keeps its copy until its retention ends.
 */
public final class DeleteWorkflow {
  /** The identity on the terminate a delete of a running run writes (Temporal's history service uses the same). */
  public static final String IDENTITY = "history-service";
  static final String REASON = "Delete workflow execution";

  private final ShardController shards;

  public DeleteWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public DeleteWorkflowExecutionResponse invoke(String namespaceId, DeleteWorkflowExecutionRequest request) {
    String workflowId = request.getWorkflowExecution().getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    WorkflowKey key = RunLookup.resolve(shard, namespaceId, workflowId, request.getWorkflowExecution().getRunId());
    shard.update(key, tx -> {
      if (tx.state().isRunning()) {
        WorkflowLifecycle.terminate(tx, REASON, null, IDENTITY);
      }
      long closeVersion = tx.state().completionEvent().getVersion();
      tx.addTimerTask(TimerTaskType.DELETE_RUN, tx.now(), TimerTaskData.getDefaultInstance(), closeVersion);
      return null;
    });
    return DeleteWorkflowExecutionResponse.getDefaultInstance();
  }
}
