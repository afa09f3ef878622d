package dev.conduit.frontend.api;

import dev.conduit.common.MultiOperationTrailers;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.errors.MultiOperationFailures;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.validation.StartChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.util.Arrays;
import java.util.List;

/**
 * Update-with-start: operations exactly [StartWorkflowExecution, UpdateWorkflowExecution] on one workflow id, sent
 * together to the history shard of that id. Each operation is checked as its own call is, plus what Temporal
 * refuses in a multi-operation (a cron schedule, eager execution or a start delay on the start; a run id or first
 * execution run id on the update; another namespace or workflow id). A failure is Temporal's
 * MultiOperationExecutionFailure: the failing operation's status, the other one aborted.
 */
public final class ExecuteMultiOperation
    implements Operation<ExecuteMultiOperationRequest, ExecuteMultiOperationResponse> {
  private static final Metadata.Key<String> FAILED_OPERATION =
      Metadata.Key.of(MultiOperationTrailers.FAILED_OPERATION, Metadata.ASCII_STRING_MARSHALLER);

  private final Namespaces namespaces;
  private final StartChecks startChecks;
  private final UpdateWorkflowExecution updates;
  private final WorkflowCalls calls;

  public ExecuteMultiOperation(FrontendContext context, UpdateWorkflowExecution updates) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.startChecks = new StartChecks(new BlobSizeLimits(context.dynamicConfig()));
    this.updates = updates;
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public ExecuteMultiOperationResponse handle(ExecuteMultiOperationRequest request) {
    NamespaceDetail namespace = namespaces.activeByName(request.getNamespace());
    if (request.getOperationsCount() != 2 || !request.getOperations(0).hasStartWorkflow()
        || !request.getOperations(1).hasUpdateWorkflow()) {
      throw new InvalidArgumentException("operations", "have to be exactly [Start, Update]");
    }
    Throwable[] errors = new Throwable[2];
    StartWorkflowExecutionRequest start = null;
    UpdateWorkflowExecutionRequest update = null;
    try {
      start = start(request.getNamespace(), request.getOperations(0).getStartWorkflow(), namespace);
    } catch (RuntimeException e) {
      errors[0] = e;
    }
    try {
      update = update(request.getNamespace(), request.getOperations(1).getUpdateWorkflow());
    } catch (RuntimeException e) {
      errors[1] = e;
    }
    if (start != null && update != null
        && !start.getWorkflowId().equals(update.getWorkflowExecution().getWorkflowId())) {
      errors[1] = new InvalidArgumentException("operations[1].update_workflow.workflow_execution.workflow_id",
          "WorkflowId is not consistent with previous operation(s)");
    }
    if (errors[0] != null || errors[1] != null) {
      throw MultiOperationFailures.of(Arrays.asList(errors));
    }
    ExecuteMultiOperationRequest forwarded = request.toBuilder()
        .setOperations(0, request.getOperations(0).toBuilder().setStartWorkflow(start))
        .setOperations(1, request.getOperations(1).toBuilder().setUpdateWorkflow(update))
        .build();
    try {
      return calls.sendLongPoll(namespace.getInfo().getId(), start.getWorkflowId(), forwarded,
          HistoryServiceBlockingStub::executeMultiOperation, ExecuteMultiOperationResponse.parser());
    } catch (StatusRuntimeException e) {
      String failed = e.getTrailers() == null ? null : e.getTrailers().get(FAILED_OPERATION);
      if (failed == null) {
        throw e;
      }
      List<Throwable> perOperation = "0".equals(failed) ? Arrays.asList(e, null) : Arrays.asList(null, e);
      throw MultiOperationFailures.of(perOperation);
    }
  }

  private StartWorkflowExecutionRequest start(String namespaceName, StartWorkflowExecutionRequest start,
      NamespaceDetail namespace) {
    requireNamespace(namespaceName, start.getNamespace());
    StartWorkflowExecutionRequest named = start.toBuilder().setNamespace(namespaceName).build();
    startChecks.check(named, namespace);
    if (!named.getCronSchedule().isEmpty()) {
      throw new InvalidArgumentException("cron_schedule", "CronSchedule is not allowed");
    }
    if (named.getRequestEagerExecution()) {
      throw new InvalidArgumentException("request_eager_execution", "RequestEagerExecution is not supported");
    }
    if (named.hasWorkflowStartDelay()
        && (named.getWorkflowStartDelay().getSeconds() > 0 || named.getWorkflowStartDelay().getNanos() > 0)) {
      throw new InvalidArgumentException("workflow_start_delay", "WorkflowStartDelay is not supported");
    }
    String requestId = RequestChecks.requestIdOrNew("request_id", named.getRequestId());
    return named.toBuilder().setRequestId(requestId).build();
  }

  private UpdateWorkflowExecutionRequest update(String namespaceName, UpdateWorkflowExecutionRequest update) {
    requireNamespace(namespaceName, update.getNamespace());
    UpdateWorkflowExecutionRequest prepared = updates.prepared(update.toBuilder().setNamespace(namespaceName).build());
    if (!prepared.getFirstExecutionRunId().isEmpty()) {
      throw new InvalidArgumentException("first_execution_run_id", "FirstExecutionRunId is not allowed");
    }
    if (!prepared.getWorkflowExecution().getRunId().isEmpty()) {
      throw new InvalidArgumentException("workflow_execution.run_id", "RunId is not allowed");
    }
    return prepared;
  }

  private static void requireNamespace(String namespaceName, String operationNamespace) {
    if (!operationNamespace.isEmpty() && !operationNamespace.equals(namespaceName)) {
      throw new InvalidArgumentException("namespace", "Operation namespace did not match request's namespace");
    }
  }
}
