package dev.conduit.history.api.startworkflow;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.tasks.TimerTaskType;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.EventFactory;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * The first transaction of a run: WorkflowExecutionStarted, then the first workflow task (or a start
 * delay timer), and the run's timeout timer.
 */
final class NewRun {
  private NewRun() {}

  static WorkflowTransaction build(String namespaceId, String runId, StartWorkflowExecutionRequest request,
      NamespaceEntry namespace, HistoryConfig config, Instant now) {
    Duration executionTimeout = ProtoTime.duration(request.getWorkflowExecutionTimeout());
    Duration runTimeout = runTimeout(executionTimeout, ProtoTime.duration(request.getWorkflowRunTimeout()));
    Duration taskTimeout = taskTimeout(ProtoTime.duration(request.getWorkflowTaskTimeout()), runTimeout, config);
    Duration delay = ProtoTime.duration(request.getWorkflowStartDelay());
    Instant executionTime = now.plus(delay);

    ExecutionInfo.Builder info = ExecutionInfo.newBuilder()
        .setNamespaceId(namespaceId)
        .setWorkflowId(request.getWorkflowId())
        .setRunId(runId)
        .setFirstRunId(runId)
        .setWorkflowType(request.getWorkflowType().getName())
        .setTaskQueue(request.getTaskQueue().getName())
        .setExecutionTimeout(ProtoTime.duration(executionTimeout))
        .setRunTimeout(ProtoTime.duration(runTimeout))
        .setDefaultWorkflowTaskTimeout(ProtoTime.duration(taskTimeout))
        .setStartTime(ProtoTime.timestamp(now))
        .setExecutionTime(ProtoTime.timestamp(executionTime))
        .setCreateRequestId(request.getRequestId())
        .setIdentity(request.getIdentity())
        .setStartVersion(namespace.failoverVersion());
    if (request.hasMemo()) {
      info.setMemo(request.getMemo().toByteString());
    }
    if (request.hasSearchAttributes()) {
      info.setSearchAttributes(request.getSearchAttributes().toByteString());
    }
    if (request.hasRetryPolicy()) {
      info.setRetryPolicy(request.getRetryPolicy().toByteString());
    }
    if (request.hasHeader()) {
      info.setHeader(request.getHeader().toByteString());
    }
    Instant executionExpiration = null;
    if (!executionTimeout.isZero()) {
      executionExpiration = executionTime.plus(executionTimeout);
      info.setExecutionExpirationTime(ProtoTime.timestamp(executionExpiration));
    }
    Instant runExpiration = null;
    if (!runTimeout.isZero()) {
      runExpiration = executionTime.plus(runTimeout);
      info.setRunExpirationTime(ProtoTime.timestamp(runExpiration));
    }

    WorkflowTransaction tx = WorkflowTransaction.create(MutableState.newRun(info.build()), namespace, config, now);
    WorkflowExecutionStartedEventAttributes.Builder started = WorkflowExecutionStartedEventAttributes.newBuilder()
        .setWorkflowType(request.getWorkflowType())
        .setTaskQueue(TaskQueue.newBuilder().setName(request.getTaskQueue().getName())
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setInput(request.getInput())
        .setWorkflowExecutionTimeout(ProtoTime.duration(executionTimeout))
        .setWorkflowRunTimeout(ProtoTime.duration(runTimeout))
        .setWorkflowTaskTimeout(ProtoTime.duration(taskTimeout))
        .setOriginalExecutionRunId(runId)
        .setFirstExecutionRunId(runId)
        .setIdentity(request.getIdentity())
        .setAttempt(1)
        .setWorkflowId(request.getWorkflowId());
    if (executionExpiration != null) {
      started.setWorkflowExecutionExpirationTime(ProtoTime.timestamp(executionExpiration));
    }
    if (!delay.isZero()) {
      started.setFirstWorkflowTaskBackoff(ProtoTime.duration(delay));
    }
    if (request.hasRetryPolicy()) {
      started.setRetryPolicy(request.getRetryPolicy());
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
    tx.append(EventFactory.workflowExecutionStarted(started.build()));

    if (delay.isZero()) {
      WorkflowTaskStateMachine.schedule(tx, 1);
    } else {
      tx.addTimerTask(TimerTaskType.WORKFLOW_START_DELAY, executionTime, TimerTaskData.getDefaultInstance());
    }
    Instant expiration = earliest(executionExpiration, runExpiration);
    if (expiration != null) {
      tx.addTimerTask(TimerTaskType.WORKFLOW_TIMEOUT, expiration, TimerTaskData.getDefaultInstance());
    }
    return tx;
  }

  /** A run timeout of zero means the execution timeout; it never exceeds it. */
  static Duration runTimeout(Duration executionTimeout, Duration runTimeout) {
    if (runTimeout.isZero()) {
      return executionTimeout;
    }
    if (!executionTimeout.isZero() && runTimeout.compareTo(executionTimeout) > 0) {
      return executionTimeout;
    }
    return runTimeout;
  }

  /** Default 10 s, at most the configured maximum (120 s) and never past the run timeout. */
  static Duration taskTimeout(Duration requested, Duration runTimeout, HistoryConfig config) {
    Duration timeout = requested.isZero() ? config.defaultWorkflowTaskTimeout() : requested;
    if (timeout.compareTo(config.maxWorkflowTaskTimeout()) > 0) {
      timeout = config.maxWorkflowTaskTimeout();
    }
    if (!runTimeout.isZero() && timeout.compareTo(runTimeout) > 0) {
      timeout = runTimeout;
    }
    return timeout;
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
