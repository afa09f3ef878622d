package dev.conduit.history.api.signalwithstart;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.api.Limits;
import dev.conduit.history.api.signalworkflow.SignalWorkflow;
import dev.conduit.history.api.startworkflow.StartWorkflow;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.WorkflowBusyException;
import dev.conduit.history.runs.Lineage;
import dev.conduit.history.runs.NewRun;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.workflow.InboundRequests;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * SignalWithStartWorkflowExecution: signals the workflow id's running run, or starts a new run whose
 * history begins WorkflowExecutionStarted, WorkflowExecutionSignaled, WorkflowTaskScheduled (the
 * id-reuse policy decides whether a closed run may be followed). The request id dedupes both halves: a
 * retry finds the signal already applied.
 */
public final class SignalWithStartWorkflow {
  private final ShardController shards;

  public SignalWithStartWorkflow(ShardController shards) {
    this.shards = shards;
  }

  public SignalWithStartWorkflowExecutionResponse invoke(String namespaceId,
      SignalWithStartWorkflowExecutionRequest request) {
    ShardContext shard = shards.shardFor(namespaceId, request.getWorkflowId());
    HistoryConfig config = shard.config();
    StartWorkflowExecutionRequest start = startRequest(request);
    StartWorkflow.validate(start, config);
    Limits.requireId("SignalName", request.getSignalName(), config);
    Limits.requireBlob("SignalInput", request.getSignalInput(), config);
    SignalWorkflowExecutionRequest signal = signalRequest(request);
    NamespaceEntry namespace = shard.namespaces().byId(namespaceId);
    for (int attempt = 0; attempt < config.maxConditionRetries(); attempt++) {
      Optional<CurrentExecution> current = shard.currentExecution(namespaceId, request.getWorkflowId());
      if (current.isPresent() && current.get().state().isOpen()) {
        try {
          SignalWorkflow.apply(shard, new WorkflowKey(namespaceId, request.getWorkflowId(), current.get().runId()),
              signal, null);
          return response(current.get().runId(), false);
        } catch (EntityNotFoundException e) {
          continue; // it closed meanwhile: start a new run instead
        }
      }
      CreateMode mode = CreateMode.BRAND_NEW;
      String previousRunId = null;
      if (current.isPresent()) {
        WorkflowIdReusePolicy policy = StartWorkflow.reusePolicy(start);
        if (!StartWorkflow.reuseAllowed(policy, current.get())) {
          throw StartWorkflow.alreadyStarted("Workflow id reuse policy " + policy + " does not allow a new run",
              start, current.get());
        }
        mode = CreateMode.REUSE_CLOSED_RUN;
        previousRunId = current.get().runId();
      }
      String runId = UUID.randomUUID().toString();
      try {
        shard.create(NewRun.build(namespaceId, runId, start, namespace, config, shard.clock().instant(),
            Lineage.first(), tx -> InboundRequests.signal(tx, SignalWorkflow.attributes(signal, null),
                signal.getRequestId(), true)), mode, previousRunId);
        return response(runId, true);
      } catch (CurrentExecutionConflictException e) {
        // Someone started or closed a run meanwhile: look again.
      }
    }
    throw new WorkflowBusyException("workflow id " + request.getWorkflowId() + " keeps changing, try again");
  }

  private static StartWorkflowExecutionRequest startRequest(SignalWithStartWorkflowExecutionRequest request) {
    StartWorkflowExecutionRequest.Builder start = StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(request.getNamespace())
        .setWorkflowId(request.getWorkflowId())
        .setWorkflowType(request.getWorkflowType())
        .setTaskQueue(request.getTaskQueue())
        .setInput(request.getInput())
        .setWorkflowExecutionTimeout(request.getWorkflowExecutionTimeout())
        .setWorkflowRunTimeout(request.getWorkflowRunTimeout())
        .setWorkflowTaskTimeout(request.getWorkflowTaskTimeout())
        .setIdentity(request.getIdentity())
        .setRequestId(request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId())
        .setWorkflowIdReusePolicy(request.getWorkflowIdReusePolicy())
        .setCronSchedule(request.getCronSchedule())
        .setWorkflowStartDelay(request.getWorkflowStartDelay());
    if (request.hasRetryPolicy()) {
      start.setRetryPolicy(request.getRetryPolicy());
    }
    if (request.hasPriority()) {
      start.setPriority(request.getPriority());
    }
    if (request.hasUserMetadata()) {
      start.setUserMetadata(request.getUserMetadata());
    }
    if (request.hasMemo()) {
      start.setMemo(request.getMemo());
    }
    if (request.hasSearchAttributes()) {
      start.setSearchAttributes(request.getSearchAttributes());
    }
    if (request.hasHeader()) {
      start.setHeader(request.getHeader());
    }
    return start.build();
  }

  @SuppressWarnings("deprecation") // control: deprecated but still carried
  private static SignalWorkflowExecutionRequest signalRequest(SignalWithStartWorkflowExecutionRequest request) {
    SignalWorkflowExecutionRequest.Builder signal = SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(request.getNamespace())
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(request.getWorkflowId()))
        .setSignalName(request.getSignalName())
        .setInput(request.getSignalInput())
        .setIdentity(request.getIdentity())
        .setRequestId(request.getRequestId())
        .setControl(request.getControl());
    if (request.hasHeader()) {
      signal.setHeader(request.getHeader());
    }
    return signal.build();
  }

  private static SignalWithStartWorkflowExecutionResponse response(String runId, boolean started) {
    return SignalWithStartWorkflowExecutionResponse.newBuilder().setRunId(runId).setStarted(started).build();
  }
}
