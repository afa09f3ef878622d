package dev.conduit.history.shard;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.replication.ReplicationPlan;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.history.workflow.InboundRequests;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.Replayer;
import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one shard that come from another cluster: replicated events and activity state, applied to this
 * cluster's copies of the runs under the same run locks, conditional writes and fencing as {@link ShardContext}'s
 * own, but not subject to the namespace being active here (a standby's copy follows the active one this way).
 */
final class ReplicatedWrites {
  private static final Logger log = LoggerFactory.getLogger(ReplicatedWrites.class);

  private final ShardContext shard;

  ReplicatedWrites(ShardContext shard) {
    this.shard = shard;
  }

  /**
   * Applies events another cluster wrote to this cluster's copy of the run, as {@link ReplicationPlan} decides:
   * through the same apply functions the active side used, in one write with the tasks they derive; a branch that
   * wins a conflict is forked to, a losing one's signals are reapplied.
   */
  ReplicationPlan replicate(WorkflowKey key, List<VersionHistoryItem> versionHistory, List<HistoryEvent> events) {
    shard.ensureOwned();
    NamespaceEntry namespace = shard.namespaces().byId(key.namespaceId());
    ReplicationPlan plan;
    try (WorkflowCache.Lease lease = shard.cache().lock(key)) {
      WorkflowCache.Committed committed = loadOrNull(lease);
      plan = ReplicationPlan.of(committed == null ? null : committed.state(), versionHistory, events);
      MutableState state = switch (plan.kind()) {
        case CREATE -> MutableState.newRun(ExecutionInfo.newBuilder()
            .setNamespaceId(key.namespaceId()).setWorkflowId(key.workflowId()).setRunId(key.runId()).build());
        case APPEND -> MutableState.copyOf(committed.state());
        case FORK -> forked(committed.state(), plan.lcaEventId());
        case DUPLICATE, GAP, STALE -> null;
      };
      if (state != null) {
        WorkflowTransaction tx = WorkflowTransaction.replicated(committed == null ? null : committed.state(), state,
            namespace, shard.config(), shard.clock().instant());
        plan.events().forEach(tx::applyReplicated);
        tx.finish();
        commitReplicated(lease, committed, tx);
      }
    }
    if (plan.kind() == ReplicationPlan.Kind.STALE) {
      reapplySignals(key, plan.events());
    }
    return plan;
  }

  /**
   * The run rebuilt on a new branch forked after event {@code lcaEventId}: the events up to it replayed (state
   * only) onto an empty state whose current history is the fork; the winning branch's events follow.
   */
  private MutableState forked(MutableStateRecord base, long lcaEventId) {
    byte[] baseToken = VersionHistories.current(base.getVersionHistories()).getBranchToken().toByteArray();
    List<HistoryEvent> prefix = shard.readEvents(baseToken, 1, lcaEventId + 1);
    MutableState state = MutableState.forkedFrom(base, shard.store().forkHistoryBranch(baseToken, lcaEventId + 1));
    Replayer.replayOnto(state, prefix);
    log.info("run {} of workflow {}: a branch with a higher version won; forked after event {}",
        base.getExecutionInfo().getRunId(), base.getExecutionInfo().getWorkflowId(), lcaEventId);
    return state;
  }

  /**
   * The signals of a losing branch, written again on this cluster's branch as new events when the namespace is
   * active here and the run still runs, each once (remembered by a request id naming the lost event).
   */
  private void reapplySignals(WorkflowKey key, List<HistoryEvent> discarded) {
    List<HistoryEvent> signals = discarded.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).toList();
    if (signals.isEmpty() || !shard.namespaces().byId(key.namespaceId()).isActiveIn(shard.namespaces().currentCluster())) {
      return;
    }
    shard.update(key, tx -> {
      if (!tx.state().isRunning()) {
        return null;
      }
      for (HistoryEvent signal : signals) {
        InboundRequests.signal(tx, signal.getWorkflowExecutionSignaledEventAttributes(),
            "reapplied:" + signal.getEventId() + "@" + signal.getVersion(), false);
      }
      return null;
    });
    log.info("workflow {} run {}: reapplied {} signals of a losing branch", key.workflowId(), key.runId(), signals.size());
  }

  /**
   * Takes over a pending activity's attempt state from the cluster where the namespace is active (see
   * {@link ActivityStateMachine#applySynced}). A run or activity this copy does not have (yet, or any more)
   * is left alone; returns whether anything changed.
   */
  boolean syncActivity(WorkflowKey key, SyncActivityReplicationTask task) {
    shard.ensureOwned();
    NamespaceEntry namespace = shard.namespaces().byId(key.namespaceId());
    try (WorkflowCache.Lease lease = shard.cache().lock(key)) {
      WorkflowCache.Committed committed = loadOrNull(lease);
      if (committed == null) {
        return false;
      }
      WorkflowTransaction tx = WorkflowTransaction.replicated(committed.state(), MutableState.copyOf(committed.state()),
          namespace, shard.config(), shard.clock().instant());
      if (!ActivityStateMachine.applySynced(tx, task) || !tx.finish()) {
        return false;
      }
      commitReplicated(lease, committed, tx);
      return true;
    }
  }

  private static WorkflowCache.Committed loadOrNull(WorkflowCache.Lease lease) {
    try {
      return lease.load();
    } catch (EntityNotFoundException e) {
      return null;
    }
  }

  /** Writes a replicated change: a new run when there is no committed state, else an update of it. */
  private void commitReplicated(WorkflowCache.Lease lease, WorkflowCache.Committed committed, WorkflowTransaction tx) {
    WorkflowKey key = tx.state().key();
    try {
      WorkflowWriter.Written written;
      if (committed == null) {
        Optional<CurrentExecution> current = shard.store().getCurrentExecution(shard.shardId(), key.namespaceId(), key.workflowId());
        written = current.isEmpty()
            ? shard.writer().create(tx, CreateMode.BRAND_NEW, null)
            : shard.writer().create(tx, CreateMode.REUSE_CLOSED_RUN, current.get().runId());
      } else {
        written = shard.writer().update(tx, committed.dbVersion());
      }
      lease.put(written.committed());
      shard.committed(key, written);
    } catch (ShardOwnershipLostException e) {
      lease.invalidate();
      throw shard.lost(e);
    } catch (RuntimeException e) {
      lease.invalidate();
      throw e;
    }
  }
}
