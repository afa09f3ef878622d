package dev.conduit.history.runs;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.EventFactory;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.RetryPolicies;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The first transaction of a run: WorkflowExecutionStarted, then the first workflow task (or a backoff
 * timer: start delay, continue-as-new backoff, retry interval), and the run's timeout timer. Runs of one
 * chain share its execution deadline.
 */
public final class NewRun {
  private NewRun() {}

  /** A client's start of a new chain. */
  public static WorkflowTransaction build(String namespaceId, String runId, StartWorkflowExecutionRequest request,
      NamespaceEntry namespace, HistoryConfig config, Instant now) {
    return build(namespaceId, runId, request, namespace, config, now, Lineage.first(), null);
  }

  /**
   * @param beforeFirstTask appends events that must precede the first workflow task (signal-with-start),
   *     or null
   */
  public static WorkflowTransaction build(String namespaceId, String runId, StartWorkflowExecutionRequest request,
      NamespaceEntry namespace, HistoryConfig config, Instant now, Lineage lineage,
      Consumer<WorkflowTransaction> beforeFirstTask) {
    Duration executionTimeout = ProtoTime.duration(request.getWorkflowExecutionTimeout());
    Duration runTimeout = runTimeout(executionTimeout, ProtoTime.duration(request.getWorkflowRunTimeout()));
    Duration taskTimeout = taskTimeout(ProtoTime.duration(request.getWorkflowTaskTimeout()), runTimeout, config);
    Duration delay = lineage.backoff().isZero() ? ProtoTime.duration(request.getWorkflowStartDelay()) : lineage.backoff();
    Instant executionTime = now.plus(delay);
    String firstRunId = lineage.firstRunId() != null ? lineage.firstRunId() : runId;

    // The run's key and the request id; WorkflowExecutionStarted's apply function derives the rest.
    ExecutionInfo.Builder info = ExecutionInfo.newBuilder()
        .setNamespaceId(namespaceId)
        .setWorkflowId(request.getWorkflowId())
        .setRunId(runId)
        .setCreateRequestId(request.getRequestId());
    Instant executionExpiration = lineage.executionExpiration();
    if (executionExpiration == null && !executionTimeout.isZero()) {
      executionExpiration = executionTime.plus(executionTimeout);
    }

    WorkflowTransaction tx = WorkflowTransaction.create(MutableState.newRun(info.build()), namespace, config, now);
    tx.userMetadataForNextEvent(request.getUserMetadata());
    tx.append(EventFactory.workflowExecutionStarted(startedAttributes(request, runId, firstRunId, executionTimeout,
        runTimeout, taskTimeout, executionExpiration, delay, lineage, namespace)));
    if (beforeFirstTask != null) {
      beforeFirstTask.accept(tx);
    }
    if (delay.isZero()) {
      WorkflowTaskStateMachine.schedule(tx, 1);
    }
    return tx;
  }

  private static WorkflowExecutionStartedEventAttributes startedAttributes(StartWorkflowExecutionRequest request,
      String runId, String firstRunId, Duration executionTimeout, Duration runTimeout, Duration taskTimeout,
      Instant executionExpiration, Duration delay, Lineage lineage, NamespaceEntry namespace) {
    WorkflowExecutionStartedEventAttributes.Builder started = WorkflowExecutionStartedEventAttributes.newBuilder()
        .setWorkflowType(request.getWorkflowType())
        .setTaskQueue(TaskQueue.newBuilder().setName(request.getTaskQueue().getName())
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setInput(request.getInput())
        .setWorkflowExecutionTimeout(ProtoTime.duration(executionTimeout))
        .setWorkflowRunTimeout(ProtoTime.duration(runTimeout))
        .setWorkflowTaskTimeout(ProtoTime.duration(taskTimeout))
        .setOriginalExecutionRunId(runId)
        .setFirstExecutionRunId(firstRunId)
        .setIdentity(request.getIdentity())
        .setAttempt(lineage.attempt())
        .setWorkflowId(request.getWorkflowId());
    if (executionExpiration != null) {
      started.setWorkflowExecutionExpirationTime(ProtoTime.timestamp(executionExpiration));
    }
    if (!delay.isZero()) {
      started.setFirstWorkflowTaskBackoff(ProtoTime.duration(delay));
    }
    if (request.hasRetryPolicy()) {
      started.setRetryPolicy(RetryPolicies.withDefaults(request.getRetryPolicy()));
    }
    if (request.hasMemo()) {
      started.setMemo(request.getMemo());
    }
    if (request.hasSearchAttributes()) {
      started.setSearchAttributes(request.getSearchAttributes());
    }
    if (request.hasHeader()) {
      started.setHeader(request.getHeader());
    }
    if (request.hasPriority()) {
      started.setPriority(request.getPriority());
    }
    if (lineage.continuedRunId() != null) {
      started.setContinuedExecutionRunId(lineage.continuedRunId());
    }
    if (lineage.initiator() != null) {
      started.setInitiator(lineage.initiator());
    }
    if (lineage.lastCompletionResult() != null) {
      started.setLastCompletionResult(lineage.lastCompletionResult());
    }
    if (lineage.continuedFailure() != null) {
      started.setContinuedFailure(lineage.continuedFailure());
    }
    if (lineage.parent() != null) {
      started.setParentWorkflowNamespaceId(lineage.parent().getNamespaceId())
          .setParentWorkflowExecution(WorkflowExecution.newBuilder()
              .setWorkflowId(lineage.parent().getWorkflowId())
              .setRunId(lineage.parent().getRunId()))
          .setParentInitiatedEventId(lineage.parent().getInitiatedEventId());
      if (!lineage.parent().getRootWorkflowId().isEmpty()) {
        started.setRootWorkflowExecution(WorkflowExecution.newBuilder()
            .setWorkflowId(lineage.parent().getRootWorkflowId()).setRunId(lineage.parent().getRootRunId()));
      }
      if (lineage.parent().getNamespaceId().equals(namespace.id())) {
        started.setParentWorkflowNamespace(namespace.name());
      }
    }
    return started.build();
  }

  /** A run timeout of zero means the execution timeout; it never exceeds it. */
  public static Duration runTimeout(Duration executionTimeout, Duration runTimeout) {
    if (runTimeout.isZero()) {
      return executionTimeout;
    }
    if (!executionTimeout.isZero() && runTimeout.compareTo(executionTimeout) > 0) {
      return executionTimeout;
    }
    return runTimeout;
  }

  /** Default 10 s, at most the configured maximum (120 s) and never past the run timeout. */
  public static Duration taskTimeout(Duration requested, Duration runTimeout, HistoryConfig config) {
    Duration timeout = requested.isZero() ? config.defaultWorkflowTaskTimeout() : requested;
    if (timeout.compareTo(config.maxWorkflowTaskTimeout()) > 0) {
      timeout = config.maxWorkflowTaskTimeout();
    }
    if (!runTimeout.isZero() && timeout.compareTo(runTimeout) > 0) {
      timeout = runTimeout;
    }
    return timeout;
  }
}
