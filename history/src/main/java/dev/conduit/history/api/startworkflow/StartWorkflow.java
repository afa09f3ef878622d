package dev.conduit.history.api.startworkflow;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.recordworkflowtaskstarted.RecordWorkflowTaskStarted;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.history.errors.WorkflowBusyException;
import dev.conduit.history.runs.Lineage;
import dev.conduit.history.runs.NewRun;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.RetryPolicies;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * StartWorkflowExecution: creates a run unless the workflow id's current run forbids it (invariant 5).
 * The same request id returns the run it created (dedupe). A running current run is answered per the
 * conflict policy (fail, use it, or terminate it); a closed one per the id-reuse policy.
 */
public final class StartWorkflow {
  private static final Set<Integer> FAILED_STATUSES = Set.of(
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED_VALUE,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED_VALUE,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT_VALUE);

  private final ShardController shards;

  public StartWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public StartWorkflowExecutionResponse invoke(String namespaceId, StartWorkflowExecutionRequest request) {
    return start(namespaceId, request, Lineage.first());
  }

  /** Starts the first run of a chain; a child's parent comes in {@code lineage}. */
  public StartWorkflowExecutionResponse start(String namespaceId, StartWorkflowExecutionRequest request,
      Lineage lineage) {
    return start(namespaceId, request, lineage, key -> () -> { });
  }

  /**
   * {@link #start(String, StartWorkflowExecutionRequest, Lineage)} that lets the caller prepare the new run before
   * it is written (update-with-start admits its update there, so the first workflow task carries it):
   * {@code beforeCreate} gets the new run's key and answers what undoes its work when that write fails.
   */
  public StartWorkflowExecutionResponse start(String namespaceId, StartWorkflowExecutionRequest request,
      Lineage lineage, Function<WorkflowKey, Runnable> beforeCreate) {
    ShardContext shard = shards.shardFor(namespaceId, request.getWorkflowId());
    HistoryConfig config = shard.config();
    validate(request, config);
    NamespaceEntry namespace = shard.namespaces().byId(namespaceId);
    WorkflowIdConflictPolicy conflictPolicy = conflictPolicy(request);
    WorkflowIdReusePolicy reusePolicy = reusePolicy(request);

    CreateMode mode = CreateMode.BRAND_NEW;
    String previousRunId = null;
    for (int attempt = 0; attempt < config.maxConditionRetries(); attempt++) {
      String runId = UUID.randomUUID().toString();
      Runnable undo = beforeCreate.apply(new WorkflowKey(namespaceId, request.getWorkflowId(), runId));
      try {
        WorkflowTransaction tx = NewRun.build(namespaceId, runId, request, namespace, config, shard.clock().instant(),
            lineage, null);
        boolean eager = startEagerly(tx, request);
        MutableStateRecord created = eager ? tx.state().snapshot() : null;
        shard.create(tx, mode, previousRunId);
        StartWorkflowExecutionResponse response =
            response(runId, true, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
        if (!eager) {
          return response;
        }
        WorkflowKey key = new WorkflowKey(namespaceId, request.getWorkflowId(), runId);
        return response.toBuilder().setEagerWorkflowTask(RecordWorkflowTaskStarted.response(shard, key, created, false,
            RecordWorkflowTaskStarted.updateMessages(shard, key, created.getWorkflowTask()))).build();
      } catch (RuntimeException e) {
        undo.run();
        if (!(e instanceof CurrentExecutionConflictException conflict)) {
          throw e;
        }
        CurrentExecution current = conflict.current();
        if (current.createRequestId().equals(request.getRequestId())) {
          return response(current.runId(), true, current.status());
        }
        if (current.state().isOpen()) {
          switch (conflictPolicy) {
            case WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING -> {
              return response(current.runId(), false, current.status());
            }
            case WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING -> terminate(shard, namespaceId, request, current);
            default -> throw alreadyStarted("Workflow execution is already running", request, current);
          }
        } else if (!reuseAllowed(reusePolicy, current)) {
          throw alreadyStarted("Workflow id reuse policy " + reusePolicy + " does not allow a new run", request,
              current);
        }
        mode = CreateMode.REUSE_CLOSED_RUN;
        previousRunId = current.runId();
      }
    }
    throw new WorkflowBusyException("workflow id " + request.getWorkflowId() + " keeps changing, try again");
  }

  /**
   * Eager workflow start, as Temporal: when the client asks for it ({@code request_eager_execution}, sent by an SDK
   * client whose worker polls the run's queue) and the first workflow task is due now, the new run is written with
   * that task started for the caller's identity, and the start's answer carries it; its dispatch to matching then
   * finds it started and sends nothing. A start that finds the run already there (a retry) answers without it.
   */
  private static boolean startEagerly(WorkflowTransaction tx, StartWorkflowExecutionRequest request) {
    if (!request.getRequestEagerExecution() || tx.state().workflowTask() == null) {
      return false;
    }
    WorkflowTaskStateMachine.start(tx, UUID.randomUUID().toString(), request.getIdentity());
    return true;
  }

  private static void terminate(ShardContext shard, String namespaceId, StartWorkflowExecutionRequest request,
      CurrentExecution current) {
    shard.update(new WorkflowKey(namespaceId, request.getWorkflowId(), current.runId()), tx -> {
      if (tx.state().isRunning()) {
        WorkflowLifecycle.terminate(tx, "terminated by a new start of the workflow id", null, request.getIdentity());
      }
      return null;
    });
  }

  /** Whether the id-reuse policy lets a new run follow the closed current run. */
  public static boolean reuseAllowed(WorkflowIdReusePolicy policy, CurrentExecution current) {
    return switch (policy) {
      case WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE -> false;
      case WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY -> FAILED_STATUSES.contains(current.status());
      default -> true;
    };
  }

  // TERMINATE_IF_RUNNING is deprecated but still sent by older clients; it means "terminate, then allow".
  @SuppressWarnings("deprecation")
  private static WorkflowIdConflictPolicy conflictPolicy(StartWorkflowExecutionRequest request) {
    WorkflowIdConflictPolicy policy = request.getWorkflowIdConflictPolicy();
    if (request.getWorkflowIdReusePolicy() == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
      if (policy != WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED) {
        throw new InvalidRequestException("Invalid WorkflowIdReusePolicy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING"
            + " cannot be combined with a WorkflowIdConflictPolicy");
      }
      return WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;
    }
    return policy == WorkflowIdConflictPolicy.UNRECOGNIZED
        ? WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL : policy;
  }

  @SuppressWarnings("deprecation")
  public static WorkflowIdReusePolicy reusePolicy(StartWorkflowExecutionRequest request) {
    WorkflowIdReusePolicy policy = request.getWorkflowIdReusePolicy();
    return policy == WorkflowIdReusePolicy.UNRECOGNIZED
        || policy == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING
        ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE : policy;
  }

  public static WorkflowAlreadyStartedException alreadyStarted(String reason, StartWorkflowExecutionRequest request,
      CurrentExecution current) {
    return new WorkflowAlreadyStartedException(reason + ". WorkflowId: " + request.getWorkflowId()
        + ", RunId: " + current.runId() + ".", current.runId(), current.createRequestId());
  }

  /** A start's answer; {@code status} is the run's WorkflowExecutionStatus number. */
  public static StartWorkflowExecutionResponse response(String runId, boolean started, int status) {
    return StartWorkflowExecutionResponse.newBuilder()
        .setRunId(runId)
        .setStarted(started)
        .setStatus(WorkflowExecutionStatus.forNumber(status) == null
            ? WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING : WorkflowExecutionStatus.forNumber(status))
        .build();
  }

  public static void validate(StartWorkflowExecutionRequest request, HistoryConfig config) {
    conflictPolicy(request);
    Limits.requireId("WorkflowId", request.getWorkflowId(), config);
    Limits.requireId("WorkflowType", request.getWorkflowType().getName(), config);
    Limits.requireId("TaskQueue", request.getTaskQueue().getName(), config);
    Limits.requireId("RequestId", request.getRequestId(), config);
    if (ProtoTime.isNegative(request.getWorkflowExecutionTimeout())) {
      throw new InvalidRequestException("Invalid WorkflowExecutionTimeout: must not be negative");
    }
    if (ProtoTime.isNegative(request.getWorkflowRunTimeout())) {
      throw new InvalidRequestException("Invalid WorkflowRunTimeout: must not be negative");
    }
    if (ProtoTime.isNegative(request.getWorkflowTaskTimeout())) {
      throw new InvalidRequestException("Invalid WorkflowTaskTimeout: must not be negative");
    }
    if (ProtoTime.isNegative(request.getWorkflowStartDelay())) {
      throw new InvalidRequestException("Invalid WorkflowStartDelay: must not be negative");
    }
    if (!request.getCronSchedule().isEmpty()) {
      throw new InvalidRequestException("cron schedules are not supported by this server");
    }
    if (request.hasRetryPolicy()) {
      String problem = RetryPolicies.validate(request.getRetryPolicy());
      if (problem != null) {
        throw new InvalidRequestException(problem);
      }
    }
    Limits.requireBlob("Input", request.getInput(), config);
    Limits.requireBlob("Header", request.getHeader(), config);
    if (request.getMemo().getSerializedSize() > config.memoSizeLimit()) {
      throw new InvalidRequestException("Memo exceeds size limit of " + config.memoSizeLimit() + " bytes");
    }
    Limits.requireBlob("SearchAttributes", request.getSearchAttributes(), config);
  }
}
