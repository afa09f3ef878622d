package dev.conduit.history.api.updateworkflow;

import dev.conduit.common.MultiOperationTrailers;
import dev.conduit.history.api.startworkflow.StartWorkflow;
import dev.conduit.history.handler.GrpcErrors;
import dev.conduit.history.runs.Lineage;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.updates.UpdateRegistry;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ExecuteMultiOperation as Temporal allows it: update-with-start, operations exactly [Start, Update] on one
 * workflow id. When the workflow id has a running run that the start may reuse (the same start request id, a
 * conflict policy of USE_EXISTING, or a run that already has this update id), the update goes to that run and
 * the start answers {@code started=false}. Otherwise the run is started with the update admitted before the
 * run is written, so its first workflow task carries the update. An update this workflow id already completed
 * answers its outcome. A failure is the failing operation's status with a trailer naming it
 * ({@link MultiOperationTrailers}); the frontend makes Temporal's MultiOperationExecutionFailure of it.
 */
public final class UpdateWithStart {
  private static final Metadata.Key<String> FAILED_OPERATION =
      Metadata.Key.of(MultiOperationTrailers.FAILED_OPERATION, Metadata.ASCII_STRING_MARSHALLER);

  private final ShardController shards;
  private final StartWorkflow starter;
  private final UpdateWorkflow updater;

  public UpdateWithStart(ShardController shards, StartWorkflow starter, UpdateWorkflow updater) {
    this.shards = shards;
    this.starter = starter;
    this.updater = updater;
  }

  /** @param callTimeout time left until the caller's deadline, or null when it has none */
  public ExecuteMultiOperationResponse invoke(String namespaceId, ExecuteMultiOperationRequest request,
      Duration callTimeout) {
    StartWorkflowExecutionRequest start = request.getOperations(0).getStartWorkflow();
    UpdateWorkflowExecutionRequest update = request.getOperations(1).getUpdateWorkflow();
    String workflowId = start.getWorkflowId();
    ShardContext shard = shards.shardFor(namespaceId, workflowId);
    String updateId = update.getRequest().getMeta().getUpdateId();
    try {
      StartWorkflow.validate(start, shard.config());
    } catch (RuntimeException e) {
      throw failure(e, true);
    }
    try {
      UpdateWorkflow.validate(update, shard);
    } catch (RuntimeException e) {
      throw failure(e, false);
    }

    Optional<CurrentExecution> current = shard.currentExecution(namespaceId, workflowId);
    if (current.isPresent()) {
      WorkflowKey key = new WorkflowKey(namespaceId, workflowId, current.get().runId());
      MutableStateRecord state = shard.read(key);
      Optional<Outcome> done = UpdateWorkflow.completedOutcome(shard, state, updateId);
      if (done.isPresent()) {
        return response(StartWorkflow.response(key.runId(), false, current.get().status()),
            UpdateWorkflowExecutionResponse.newBuilder()
                .setUpdateRef(UpdateWorkflow.ref(key, updateId))
                .setStage(UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
                .setOutcome(done.get())
                .build());
      }
      boolean reusable = current.get().createRequestId().equals(start.getRequestId())
          || start.getWorkflowIdConflictPolicy() == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
          || shard.updates().find(key, updateId) != null
          || state.getUpdatesOrDefault(updateId, null) != null;
      if (current.get().state().isOpen() && reusable) {
        return updateExisting(shard, key, update, callTimeout);
      }
    }

    AtomicReference<WorkflowKey> admittedRun = new AtomicReference<>();
    AtomicReference<UpdateRegistry.Admitted> admitted = new AtomicReference<>();
    StartWorkflowExecutionResponse started;
    try {
      started = starter.start(namespaceId, start, Lineage.first(), key -> {
        admittedRun.set(key);
        admitted.set(shard.updates().admit(key, update.getRequest()));
        return () -> shard.updates().remove(key, updateId);
      });
    } catch (RuntimeException e) {
      throw failure(e, true);
    }
    WorkflowKey key = new WorkflowKey(namespaceId, workflowId, started.getRunId());
    if (!key.equals(admittedRun.get())) {
      // the start reused a running run (request id or conflict policy): the update goes there
      return updateExisting(shard, key, update, callTimeout);
    }
    try {
      return response(started, updater.awaitResponse(shard, key, update, admitted.get(), callTimeout));
    } catch (RuntimeException e) {
      throw failure(e, false);
    }
  }

  private ExecuteMultiOperationResponse updateExisting(ShardContext shard, WorkflowKey key,
      UpdateWorkflowExecutionRequest update, Duration callTimeout) {
    UpdateWorkflowExecutionRequest onRun = update.toBuilder()
        .setWorkflowExecution(update.getWorkflowExecution().toBuilder().setRunId(key.runId()))
        .build();
    try {
      UpdateWorkflowExecutionResponse updated = updater.updateRun(shard, key, onRun, callTimeout);
      return response(StartWorkflow.response(key.runId(), false,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE), updated);
    } catch (RuntimeException e) {
      throw failure(e, false);
    }
  }

  private static ExecuteMultiOperationResponse response(StartWorkflowExecutionResponse start,
      UpdateWorkflowExecutionResponse update) {
    return ExecuteMultiOperationResponse.newBuilder()
        .addResponses(ExecuteMultiOperationResponse.Response.newBuilder().setStartWorkflow(start))
        .addResponses(ExecuteMultiOperationResponse.Response.newBuilder().setUpdateWorkflow(update))
        .build();
  }

  /**
   * The failing operation's own status, with the trailer that tells the frontend which operation it was (the
   * frontend answers Temporal's MultiOperationExecutionFailure, the other operation aborted).
   */
  static StatusRuntimeException failure(Throwable error, boolean startFailed) {
    StatusRuntimeException status = GrpcErrors.toStatus(error);
    Metadata trailers = new Metadata();
    if (status.getTrailers() != null) {
      trailers.merge(status.getTrailers());
    }
    trailers.put(FAILED_OPERATION, startFailed ? "0" : "1");
    return new StatusRuntimeException(status.getStatus(), trailers);
  }

}
