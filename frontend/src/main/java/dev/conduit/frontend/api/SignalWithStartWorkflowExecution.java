package dev.conduit.frontend.api;

import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.validation.StartChecks;
import dev.conduit.frontend.workflow.Namespaces;
import dev.conduit.frontend.workflow.WorkflowCalls;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;

/**
 * Signals the running workflow of an id, or starts it with the signal when none runs, on the history
 * shard of the id. The start fields are checked as a start's are, the signal as a signal's; history
 * decides between signal and start atomically and applies the id reuse and conflict policies.
 */
public final class SignalWithStartWorkflowExecution
    implements Operation<SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse> {
  private final Namespaces namespaces;
  private final BlobSizeLimits blobs;
  private final StartChecks startChecks;
  private final WorkflowCalls calls;

  public SignalWithStartWorkflowExecution(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
    this.startChecks = new StartChecks(blobs);
    this.calls = new WorkflowCalls(context.historyClient());
  }

  @Override
  public SignalWithStartWorkflowExecutionResponse handle(SignalWithStartWorkflowExecutionRequest request) {
    NamespaceDetail namespace = namespaces.activeByName(request.getNamespace());
    String namespaceId = namespace.getInfo().getId();
    startChecks.check(startFields(request), namespace);
    RequestChecks.requireId("signal_name", request.getSignalName());
    blobs.check(request.getNamespace(), "signal_input", request.getSignalInput());
    String requestId = RequestChecks.requestIdOrNew("request_id", request.getRequestId());
    SignalWithStartWorkflowExecutionRequest forwarded =
        requestId.equals(request.getRequestId()) ? request : request.toBuilder().setRequestId(requestId).build();
    return calls.send(namespaceId, request.getWorkflowId(), forwarded,
        HistoryServiceBlockingStub::signalWithStartWorkflowExecution, SignalWithStartWorkflowExecutionResponse.parser());
  }

  /** The start half of the request, under the same field names, for the start checks. */
  private static StartWorkflowExecutionRequest startFields(SignalWithStartWorkflowExecutionRequest request) {
    StartWorkflowExecutionRequest.Builder start = StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(request.getNamespace())
        .setWorkflowId(request.getWorkflowId())
        .setWorkflowType(request.getWorkflowType())
        .setInput(request.getInput())
        .setIdentity(request.getIdentity())
        .setWorkflowExecutionTimeout(request.getWorkflowExecutionTimeout())
        .setWorkflowRunTimeout(request.getWorkflowRunTimeout())
        .setWorkflowTaskTimeout(request.getWorkflowTaskTimeout())
        .setWorkflowStartDelay(request.getWorkflowStartDelay())
        .setMemo(request.getMemo())
        .setSearchAttributes(request.getSearchAttributes())
        .setHeader(request.getHeader());
    if (request.hasTaskQueue()) {
      start.setTaskQueue(request.getTaskQueue());
    }
    return start.build();
  }
}
