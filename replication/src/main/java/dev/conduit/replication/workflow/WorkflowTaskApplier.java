package dev.conduit.replication.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.history.v1.SyncActivityRequest;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import dev.conduit.replication.service.RetryLaterException;
import dev.conduit.replication.service.TaskApplier;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standby side of workflow replication: hands each task taken from this cluster's topic to this
 * cluster's history (ReplicateEvents, SyncActivity), which applies what it lacks. Events a task does not carry
 * (too large for Kafka) and events missing before a task's first one (a gap: this cluster joined late, or a task
 * went to the DLQ) are read from the source cluster ({@link SourceEvents}) and applied first. History or the
 * source being unavailable waits ({@link RetryLaterException}), and so does a task of a namespace this cluster does
 * not know yet, for {@link #UNKNOWN_NAMESPACE_WAIT}.
 */
public final class WorkflowTaskApplier implements TaskApplier {
  private static final Set<Status.Code> PASSING = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

  /** Hears of each task once history applied it (or found it had it already). */
  @FunctionalInterface
  public interface AppliedListener {
    AppliedListener NONE = (sourceCluster, shard, taskId, taskTime) -> { };

    void applied(String sourceCluster, int shard, long taskId, Instant taskTime);
  }

  /**
   * How long the tasks of a namespace this cluster does not know wait for the namespace's own replication (it
   * travels in another partition, published by another loop, so a run started right after the namespace was
   * registered can arrive first, normally by a second or two); after that they fail as any other task does (to the
   * DLQ, from which a merge applies them once the namespace is there).
   */
  static final Duration UNKNOWN_NAMESPACE_WAIT = Duration.ofSeconds(10);

  private final LocalHistory history;
  private final SourceEvents source;
  private final AppliedListener listener;
  private final Clock clock;
  private final Map<String, Instant> unknownSince = new ConcurrentHashMap<>();

  public WorkflowTaskApplier(LocalHistory history, SourceEvents source) {
    this(history, source, AppliedListener.NONE, Clock.systemUTC());
  }

  public WorkflowTaskApplier(LocalHistory history, SourceEvents source, AppliedListener listener, Clock clock) {
    this.history = history;
    this.source = source;
    this.listener = listener;
    this.clock = clock;
  }

  @Override
  public String apply(byte[] bytes) {
    WorkflowReplicationTask task;
    try {
      task = WorkflowReplicationTask.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a workflow replication task: " + e.getMessage(), e);
    }
    String namespaceId = task.hasHistory() ? task.getHistory().getNamespaceId() : task.getSyncActivity().getNamespaceId();
    String outcome;
    try {
      outcome = applyTask(task);
    } catch (StatusRuntimeException e) {
      if (!namespaceNotFound(e)) {
        throw e;
      }
      Instant now = clock.instant();
      Instant since = unknownSince.computeIfAbsent(namespaceId, id -> now);
      if (now.isBefore(since.plus(UNKNOWN_NAMESPACE_WAIT))) {
        throw new RetryLaterException("namespace " + namespaceId + " is not known here yet: the task waits for its"
            + " replication (since " + since + ")", e);
      }
      throw e;
    }
    if (!unknownSince.isEmpty()) {
      unknownSince.remove(namespaceId);
    }
    listener.applied(task.getSourceCluster(), task.getSourceShardId(), task.getSourceTaskId(),
        Instant.ofEpochSecond(task.getTaskTime().getSeconds(), task.getTaskTime().getNanos()));
    return outcome;
  }

  private String applyTask(WorkflowReplicationTask task) {
    if (task.hasSyncActivity()) {
      boolean applied = call(() -> history.syncActivity(SyncActivityRequest.newBuilder()
          .setTask(task.getSyncActivity()).build())).getApplied();
      return "activity " + task.getSyncActivity().getScheduledEventId() + " of workflow "
          + task.getSyncActivity().getWorkflowId() + " from " + task.getSourceCluster() + ": "
          + (applied ? "synced" : "unchanged");
    }
    if (!task.hasHistory()) {
      throw new IllegalArgumentException("workflow replication task " + task.getSourceTaskId() + " carries nothing");
    }
    String what = "workflow " + task.getHistory().getWorkflowId() + " run " + task.getHistory().getRunId() + " from "
        + task.getSourceCluster() + " task " + task.getSourceTaskId();
    ReplicateEventsRequest request = task.getHistory();
    if (request.getEventsCount() == 0) {
      // the events did not fit in a Kafka message: the source has them
      request = withEvents(task, request, task.getFirstEventId());
      what += " (events read from " + task.getSourceCluster() + ")";
    }
    ReplicateEventsRequest events = request;
    ReplicateEventsResponse response = call(() -> history.replicateEvents(events));
    if (response.getOutcome() == ReplicateEventsResponse.Outcome.OUTCOME_GAP) {
      fillGap(task, events, response.getNextEventId());
      response = call(() -> history.replicateEvents(events));
      what += " (after events from " + task.getSourceCluster() + " filled a gap)";
      if (response.getOutcome() == ReplicateEventsResponse.Outcome.OUTCOME_GAP) {
        throw new IllegalStateException(what + ": this cluster still lacks events from " + response.getNextEventId());
      }
    }
    return what + ": " + response.getOutcome();
  }

  /** The task's request with the events {@code from .. next - 1} read from the source cluster. */
  private ReplicateEventsRequest withEvents(WorkflowReplicationTask task, ReplicateEventsRequest request, long from) {
    if (task.getNextEventId() <= from) {
      throw new IllegalArgumentException("workflow replication task " + task.getSourceTaskId() + " has no events");
    }
    List<ByteString> events = read(task, request, from, task.getNextEventId());
    if (events.size() != task.getNextEventId() - from) {
      throw new IllegalStateException("cluster " + task.getSourceCluster() + " returned " + events.size() + " events of "
          + from + ".." + (task.getNextEventId() - 1) + " of workflow " + request.getWorkflowId());
    }
    return request.toBuilder().clearEvents().addAllEvents(events).build();
  }

  /** Applies the events this cluster lacks before the task's own, read from the source cluster. */
  private void fillGap(WorkflowReplicationTask task, ReplicateEventsRequest request, long missingFrom) {
    if (task.getFirstEventId() <= missingFrom) {
      throw new IllegalStateException("history reports a gap from " + missingFrom + " before events from "
          + task.getFirstEventId());
    }
    List<ByteString> missing = read(task, request, missingFrom, task.getFirstEventId());
    if (missing.isEmpty()) {
      throw new IllegalStateException("cluster " + task.getSourceCluster() + " has no events " + missingFrom + ".."
          + (task.getFirstEventId() - 1) + " of workflow " + request.getWorkflowId());
    }
    ReplicateEventsRequest filler = request.toBuilder().clearEvents().addAllEvents(missing).build();
    call(() -> history.replicateEvents(filler));
  }

  /**
   * Events {@code from .. next - 1} from the source, of the branch the task came from: the one that holds event
   * {@code next - 1} at the version the task's version history gives it.
   */
  private List<ByteString> read(WorkflowReplicationTask task, ReplicateEventsRequest request, long from, long next) {
    long last = next - 1;
    return call(() -> source.read(task.getSourceCluster(), request.getNamespaceId(), request.getWorkflowId(),
        request.getRunId(), from - 1, last, versionOf(request, last)));
  }

  /** The version the task's version history gives event {@code eventId}; 0 if it does not reach it. */
  static long versionOf(ReplicateEventsRequest request, long eventId) {
    for (dev.conduit.proto.persistence.v1.VersionHistoryItem item : request.getVersionHistoryItemsList()) {
      if (eventId <= item.getEventId()) {
        return item.getVersion();
      }
    }
    return 0;
  }

  private static boolean namespaceNotFound(StatusRuntimeException e) {
    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
      return false;
    }
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    return status != null && status.getDetailsList().stream().anyMatch(detail -> detail.is(NamespaceNotFoundFailure.class));
  }

  private static <T> T call(java.util.function.Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      if (PASSING.contains(e.getStatus().getCode())) {
        throw new RetryLaterException("history cannot take replicated state now: " + e.getStatus(), e);
      }
      throw e;
    }
  }
}
