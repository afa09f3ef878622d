package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.token.v1.TaskKind;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;

/**
 * A worker's commands for a workflow task, routed by its task token. The commands themselves are checked
 * by history, which fails the workflow task with a cause for a bad one, as Temporal does. When the worker
 * asks for the next task ({@code return_new_workflow_task}) history's answer carries it and is passed on.
 */
public final class RespondWorkflowTaskCompleted
    implements Operation<RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse> {
  private final TaskResults results;

  public RespondWorkflowTaskCompleted(FrontendContext context) {
    this.results = new TaskResults(context);
  }

  @Override
  public RespondWorkflowTaskCompletedResponse handle(RespondWorkflowTaskCompletedRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_WORKFLOW);
    RequestChecks.checkLength("identity", request.getIdentity());
    RequestChecks.checkLength("binary_checksum", request.getBinaryChecksum());
    if (request.hasStickyAttributes()) {
      StickyExecutionAttributes sticky = request.getStickyAttributes();
      RequestChecks.requireTaskQueue("sticky_attributes.worker_task_queue", sticky.hasWorkerTaskQueue(),
          sticky.getWorkerTaskQueue());
      RequestChecks.checkTimeout("sticky_attributes.schedule_to_start_timeout", sticky.getScheduleToStartTimeout());
    }
    return results.send(target, request, HistoryServiceBlockingStub::respondWorkflowTaskCompleted,
        RespondWorkflowTaskCompletedResponse.parser());
  }
}
