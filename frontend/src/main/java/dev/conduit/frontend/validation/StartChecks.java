package dev.conduit.frontend.validation;

import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.visibility.attributes.SearchAttributeRules;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.Objects;

/**
 * The checks of a workflow start that need no workflow state, shared by StartWorkflowExecution and
 * SignalWithStartWorkflowExecution (whose start fields carry the same names). History applies the id
 * reuse and conflict policies.
 */
public final class StartChecks {
  private final BlobSizeLimits blobs;

  public StartChecks(BlobSizeLimits blobs) {
    this.blobs = blobs;
  }

  /**
   * Fails with INVALID_ARGUMENT naming the first bad field; search attributes must be ones {@code namespaceDetail}
   * has, with values of their types.
   */
  public void check(StartWorkflowExecutionRequest request, NamespaceDetail namespaceDetail) {
    RequestChecks.requireId("workflow_id", request.getWorkflowId());
    RequestChecks.requireId("workflow_type.name", request.getWorkflowType().getName());
    RequestChecks.requireTaskQueue("task_queue", request.hasTaskQueue(), request.getTaskQueue());
    RequestChecks.checkLength("identity", request.getIdentity());
    RequestChecks.checkTimeout("workflow_execution_timeout", request.getWorkflowExecutionTimeout());
    RequestChecks.checkTimeout("workflow_run_timeout", request.getWorkflowRunTimeout());
    RequestChecks.checkTimeout("workflow_task_timeout", request.getWorkflowTaskTimeout());
    RequestChecks.checkTimeout("workflow_start_delay", request.getWorkflowStartDelay());
    String namespace = request.getNamespace();
    NamespaceDetail detail = Objects.requireNonNull(namespaceDetail, "namespace");
    blobs.check(namespace, "input", request.getInput());
    blobs.check(namespace, "memo", request.getMemo());
    blobs.check(namespace, "header", request.getHeader());
    SearchAttributeRules.problem(namespace, request.getSearchAttributes().getIndexedFieldsMap(),
        detail.getCustomSearchAttributesMap()).ifPresent(problem -> {
          throw new InvalidArgumentException("search_attributes", problem);
        });
  }
}
