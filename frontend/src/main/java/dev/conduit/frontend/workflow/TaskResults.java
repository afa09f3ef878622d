package dev.conduit.frontend.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.frontend.validation.RequestChecks;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.history.v1.TaskResultRequest;
import dev.conduit.proto.history.v1.TaskResultResponse;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import java.util.function.BiFunction;

/**
 * The common path of the calls a worker addresses with a task token (respond, fail, cancel, heartbeat):
 * resolve the namespace, decode the token, check they agree, and hand the worker's request to the history
 * shard of the token's workflow. The *ById forms take the same path with the activity named by ids.
 * Every such call but a query's answer writes, so its namespace must be active here.
 */
public final class TaskResults {
  private final Namespaces namespaces;
  private final HistoryServiceClient history;

  public TaskResults(FrontendContext context) {
    this.namespaces = new Namespaces(context.namespaceRegistry(), context.currentCluster());
    this.history = context.historyClient();
  }

  /**
   * Where a task's result goes: the namespace and the token's run. For the *ById forms the token is made
   * up from the request's workflow, run and activity ids, and history finds the activity by its id.
   */
  public record Target(NamespaceDetail namespace, TaskToken token, boolean byId) {
    public String namespaceName() {
      return namespace.getInfo().getName();
    }
  }

  /**
   * The target of a token sent with {@code namespace}. An empty namespace (older SDKs) is taken from the
   * token; a token of another namespace is refused. Workflow and activity task results write history,
   * and need the namespace active here; a query's answer only reads.
   */
  public Target target(String namespace, ByteString taskToken, TaskKind kind) {
    NamespaceDetail detail = namespace.isEmpty() ? null : namespaces.byName(namespace);
    TaskToken token = TaskTokens.decode(taskToken, kind);
    if (detail == null) {
      detail = namespaces.byId(token.getNamespaceId());
    } else if (!detail.getInfo().getId().equals(token.getNamespaceId())) {
      throw new InvalidArgumentException(TaskTokens.FIELD, "the task token belongs to another namespace than '"
          + namespace + "'");
    }
    if (kind == TaskKind.TASK_KIND_WORKFLOW) {
      // the end of a started workflow task goes through a HANDOVER: it flushes the signals buffered behind it
      namespaces.requireActiveEvenInHandover(detail);
    } else if (kind != TaskKind.TASK_KIND_QUERY) {
      namespaces.requireActive(detail);
    }
    return new Target(detail, token, false);
  }

  /**
   * The target of an activity named by workflow id, run id (empty: the current run) and activity id, for
   * async completion without a task token.
   */
  public Target byId(String namespace, String workflowId, String runId, String activityId) {
    NamespaceDetail detail = namespaces.activeByName(namespace);
    RequestChecks.requireId("workflow_id", workflowId);
    RequestChecks.checkRunId("run_id", runId);
    RequestChecks.requireId("activity_id", activityId);
    TaskToken token = TaskToken.newBuilder()
        .setNamespaceId(detail.getInfo().getId())
        .setWorkflowId(workflowId)
        .setRunId(runId)
        .setActivityId(activityId)
        .setKind(TaskKind.TASK_KIND_ACTIVITY)
        .build();
    return new Target(detail, token, true);
  }

  /** Sends the worker's request as is to the token's shard and reads history's answer. */
  public <R> R send(Target target, MessageLite request,
      BiFunction<HistoryServiceBlockingStub, TaskResultRequest, TaskResultResponse> rpc, Parser<R> responseParser) {
    TaskToken token = target.token();
    TaskResultRequest forwarded = TaskResultRequest.newBuilder()
        .setNamespaceId(token.getNamespaceId())
        .setWorkflowId(token.getWorkflowId())
        .setRunId(token.getRunId())
        .setRequest(request.toByteString())
        .setActivityId(target.byId() ? token.getActivityId() : "")
        .setById(target.byId())
        .build();
    TaskResultResponse answer = history.call(token.getNamespaceId(), token.getWorkflowId(),
        stub -> rpc.apply(stub, forwarded));
    return Encoded.parse(responseParser, answer.getResponse(), "history");
  }
}
