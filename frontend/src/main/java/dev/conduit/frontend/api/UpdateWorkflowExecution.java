package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.update.v1.Request;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.util.UUID;

/**
 * Sends a Workflow Update to a running workflow (the current run when no run id is given) through the history
 * shard of its id, and answers once it reached the stage the wait policy asks for (COMPLETED when unset), or
 * the stage it reached when the long poll ended first. The update id, generated when missing, deduplicates
 * retries. Waiting only for ADMITTED is refused: an admitted update is not durable yet (as in Temporal).
 */
public final class UpdateWorkflowExecution
    implements Operation<UpdateWorkflowExecutionRequest, UpdateWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final BlobSizeLimits blobs;
  private final WorkflowCalls calls;

  public UpdateWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public UpdateWorkflowExecutionResponse handle(UpdateWorkflowExecutionRequest request) {
    String namespaceId = namespaces.activeByName(request.getNamespace()).getInfo().getId();
    UpdateWorkflowExecutionRequest forwarded = prepared(request);
    return calls.sendLongPoll(namespaceId, forwarded.getWorkflowExecution().getWorkflowId(), forwarded,
        HistoryServiceBlockingStub::updateWorkflowExecution, UpdateWorkflowExecutionResponse.parser());
  }

  /** Checks {@code request} (its namespace already resolved) and gives it an update id if it has none. */
  public UpdateWorkflowExecutionRequest prepared(UpdateWorkflowExecutionRequest request) {
    RequestChecks.requireExecution("workflow_execution", request.getWorkflowExecution());
    RequestChecks.checkRunId("first_execution_run_id", request.getFirstExecutionRunId());
    if (!request.hasRequest() || !request.getRequest().hasMeta()) {
      throw new InvalidArgumentException("request.meta", "is required");
    }
    if (!request.getRequest().hasInput()) {
      throw new InvalidArgumentException("request.input", "is required");
    }
    RequestChecks.requireId("request.input.name", request.getRequest().getInput().getName());
    RequestChecks.checkLength("request.meta.update_id", request.getRequest().getMeta().getUpdateId());
    RequestChecks.checkLength("request.meta.identity", request.getRequest().getMeta().getIdentity());
    blobs.check(request.getNamespace(), "request.input.args", request.getRequest().getInput().getArgs());
    blobs.check(request.getNamespace(), "request.input.header", request.getRequest().getInput().getHeader());
    UpdateWorkflowExecutionLifecycleStage stage = request.getWaitPolicy().getLifecycleStage();
    if (stage == UpdateWorkflowExecutionLifecycleStage.UNRECOGNIZED) {
      throw new InvalidArgumentException("wait_policy.lifecycle_stage",
          "unknown value " + request.getWaitPolicy().getLifecycleStageValue());
    }
    if (stage == UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
      throw new InvalidArgumentException("wait_policy.lifecycle_stage",
          "waiting for ADMITTED is not supported; wait for ACCEPTED or COMPLETED");
    }
    if (!request.getRequest().getMeta().getUpdateId().isEmpty()) {
      return request;
    }
    Request withId = request.getRequest().toBuilder()
        .setMeta(request.getRequest().getMeta().toBuilder().setUpdateId(UUID.randomUUID().toString()))
        .build();
    return request.toBuilder().setRequest(withId).build();
  }

}
