package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.validation.BlobSizeLimits;
import dev.conduit.frontend.workflow.TaskResults;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedResponse;

/**
 * A worker's answer to a query task, sent to the matching host that waits for it: the owner of the
 * token's (normal) workflow task queue, the host that handed out the task. A result over the blob size
 * limit is turned into a failed answer, as Temporal does, so the query's caller learns why rather than
 * waiting out its deadline. An answer for a query no longer waiting is NOT_FOUND.
 */
public final class RespondQueryTaskCompleted
    implements Operation<RespondQueryTaskCompletedRequest, RespondQueryTaskCompletedResponse> {
  private final TaskResults results;
  private final BlobSizeLimits blobs;
  private final MatchingServiceClient matching;

  public RespondQueryTaskCompleted(FrontendContext context) {
    this.results = new TaskResults(context);
    this.blobs = new BlobSizeLimits(context.dynamicConfig());
    this.matching = context.matchingClient();
  }

  @Override
  public RespondQueryTaskCompletedResponse handle(RespondQueryTaskCompletedRequest request) {
    TaskResults.Target target = results.target(request.getNamespace(), request.getTaskToken(), TaskKind.TASK_KIND_QUERY);
    TaskToken token = target.token();
    RespondQueryTaskCompletedRequest forwarded = withinLimits(target.namespaceName(), request);
    TaskQueueKey queue = TaskQueueKey.newBuilder()
        .setNamespaceId(token.getNamespaceId())
        .setName(token.getTaskQueue())
        .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
        .setSticky(token.getTaskQueueSticky())
        .build();
    matching.call(queue, stub -> stub.respondQueryTaskCompleted(
        dev.conduit.proto.matching.v1.RespondQueryTaskCompletedRequest.newBuilder()
            .setNamespaceId(token.getNamespaceId())
            .setRequest(forwarded.toByteString())
            .build()));
    return RespondQueryTaskCompletedResponse.getDefaultInstance();
  }

  private RespondQueryTaskCompletedRequest withinLimits(String namespace, RespondQueryTaskCompletedRequest request) {
    try {
      blobs.check(namespace, "query_result", request.getQueryResult());
      return request;
    } catch (InvalidArgumentException e) {
      return RespondQueryTaskCompletedRequest.newBuilder()
          .setNamespace(request.getNamespace())
          .setTaskToken(request.getTaskToken())
          .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_FAILED)
          .setErrorMessage(e.getMessage())
          .setFailure(Failure.newBuilder().setMessage(e.getMessage()))
          .build();
    }
  }
}
