package dev.conduit.replication.workflow;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import dev.conduit.replication.service.RetryLaterException;
import dev.conduit.replication.service.TaskApplier;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;

/**
 * The standby side of workflow replication: hands each task taken from this cluster's topic to this
 * cluster's history (ReplicateEvents), which applies the events it lacks. A gap (events before these are
 * missing here) fails the task: fetching the missing range from the source is not built yet, so after the
 * consumer's attempts it lands in the DLQ. History being unavailable waits ({@link RetryLaterException}).
 */
public final class WorkflowTaskApplier implements TaskApplier {
  private static final Set<Status.Code> PASSING = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

  private final LocalHistory history;

  public WorkflowTaskApplier(LocalHistory history) {
    this.history = history;
  }

  @Override
  public String apply(byte[] bytes) {
    WorkflowReplicationTask task;
    try {
      task = WorkflowReplicationTask.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a workflow replication task: " + e.getMessage(), e);
    }
    if (!task.hasHistory()) {
      throw new IllegalArgumentException("workflow replication task " + task.getSourceTaskId() + " carries nothing");
    }
    ReplicateEventsResponse response;
    try {
      response = history.replicateEvents(task.getHistory());
    } catch (StatusRuntimeException e) {
      if (PASSING.contains(e.getStatus().getCode())) {
        throw new RetryLaterException("history cannot take replicated events now: " + e.getStatus(), e);
      }
      throw e;
    }
    String what = "workflow " + task.getHistory().getWorkflowId() + " run " + task.getHistory().getRunId() + " from "
        + task.getSourceCluster() + " task " + task.getSourceTaskId();
    if (response.getOutcome() == ReplicateEventsResponse.Outcome.OUTCOME_GAP) {
      throw new IllegalStateException(what + ": this cluster lacks events from " + response.getNextEventId()
          + " on, before the task's first event");
    }
    return what + ": " + response.getOutcome();
  }
}
