package dev.conduit.history.shard;

import dev.conduit.history.queues.TransferTaskHandoff;
import dev.conduit.history.tasks.NewTimerTask;
import dev.conduit.history.tasks.NewTransferTask;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a finished transaction into one {@link WorkflowWrite}: the new mutable state, its history batch
 * and its transfer, timer and replication tasks with ids from the shard's range, written at once (invariant 2).
 */
final class WorkflowWriter {
  private final int shardId;
  private final ExecutionStore store;
  private final TaskIdAllocator allocator;
  private final TransferTaskHandoff handoff;
  private final Runnable abandonedTransferTasks;
  private final boolean visibilityTasks;

  /** What a successful write committed; {@code batch} is its history batch on {@code branchToken}, null when none. */
  record Written(WorkflowCache.Committed committed, boolean hasTransferTasks, Instant earliestTimer, byte[] branchToken,
      HistoryBatch batch) {}

  /**
   * @param handoff told of every write's transfer tasks: those it committed, or the ids of a failed one
   * @param abandonedTransferTasks told when a write with transfer tasks failed: its ids held the
   *     transfer queue's read level back, and tasks committed meanwhile may now be read
   * @param visibilityTasks whether the cluster has somewhere to publish visibility records; without (no advanced
   *     visibility store) the VISIBILITY tasks the apply functions derive are not written, as they would publish nothing
   */
  WorkflowWriter(int shardId, ExecutionStore store, TaskIdAllocator allocator, TransferTaskHandoff handoff,
      Runnable abandonedTransferTasks, boolean visibilityTasks) {
    this.handoff = handoff;
    this.shardId = shardId;
    this.visibilityTasks = visibilityTasks;
    this.store = store;
    this.allocator = allocator;
    this.abandonedTransferTasks = abandonedTransferTasks;
  }

  /** Creates a new run; the current-execution record must match {@code mode}. */
  Written create(WorkflowTransaction tx, CreateMode mode, String previousRunId) {
    return write(tx, 0, mode, previousRunId);
  }

  /** Updates a run whose stored db version is {@code expectedDbVersion}. */
  Written update(WorkflowTransaction tx, long expectedDbVersion) {
    return write(tx, expectedDbVersion, null, null);
  }

  private Written write(WorkflowTransaction tx, long expectedDbVersion, CreateMode mode, String previousRunId) {
    MutableState state = tx.state();
    WorkflowKey key = state.key();
    List<NewTransferTask> transfers = visibilityTasks ? tx.transferTasks()
        : tx.transferTasks().stream().filter(task -> task.type() != TransferTaskType.VISIBILITY).toList();
    List<NewTimerTask> timers = tx.timerTasks();
    List<ReplicationTaskGenerator.Generated> replication = ReplicationTaskGenerator.generate(tx);
    TaskIdAllocator.Ticket ticket = allocator.begin(transfers.size(), timers.stream().map(NewTimerTask::fireTime).toList(),
        replication.size());
    boolean written = false;
    try {
      List<HistoryBatch> batches = new ArrayList<>(1);
      List<HistoryEvent> events = tx.events();
      if (!events.isEmpty()) {
        batches.add(new HistoryBatch(events.get(0).getEventId(), events.get(events.size() - 1).getEventId(),
            ticket.txnId(), Events.encodeBatch(events)));
      }
      List<TransferTaskRecord> transferRecords = new ArrayList<>(transfers.size());
      for (int i = 0; i < transfers.size(); i++) {
        NewTransferTask task = transfers.get(i);
        transferRecords.add(new TransferTaskRecord(ticket.transferIds().get(i), key, task.type().code(),
            task.data().toByteArray()));
      }
      List<TimerTaskRecord> timerRecords = new ArrayList<>(timers.size());
      Instant earliest = null;
      for (int i = 0; i < timers.size(); i++) {
        NewTimerTask task = timers.get(i);
        Instant fireTime = ticket.timerFireTimes().get(i);
        timerRecords.add(new TimerTaskRecord(fireTime, ticket.timerIds().get(i), key, task.type().code(),
            task.data().toByteArray()));
        earliest = earliest == null || fireTime.isBefore(earliest) ? fireTime : earliest;
      }
      List<ReplicationTaskRecord> replicationRecords = new ArrayList<>(replication.size());
      for (int i = 0; i < replication.size(); i++) {
        replicationRecords.add(new ReplicationTaskRecord(ticket.replicationIds().get(i), key,
            replication.get(i).type().code(), replication.get(i).data().toByteArray()));
      }
      long dbVersion = expectedDbVersion + 1;
      WorkflowSnapshot snapshot = new WorkflowSnapshot(key, state.state(), state.status().getNumber(),
          state.nextEventId(), state.lastWriteVersion(), dbVersion, state.info().getCreateRequestId(),
          state.snapshot().toByteArray());
      WorkflowWrite write = new WorkflowWrite(snapshot, ticket.rangeId(), expectedDbVersion, state.branchToken(), batches,
          transferRecords, timerRecords, replicationRecords);
      if (mode == null) {
        store.updateWorkflowExecution(shardId, write);
      } else {
        store.createWorkflowExecution(shardId, write, mode, previousRunId);
      }
      written = true;
      handoff.committed(transferRecords);
      return new Written(new WorkflowCache.Committed(state.snapshot(), dbVersion), !transferRecords.isEmpty(), earliest,
          state.branchToken(), batches.isEmpty() ? null : batches.get(0));
    } finally {
      // the hand-off hears of the tasks before their ids stop holding back the queue's read level
      if (!written) {
        handoff.outcomeUnknown(ticket.transferIds());
      }
      allocator.end(ticket);
      if (!written && !transfers.isEmpty()) {
        abandonedTransferTasks.run();
      }
    }
  }
}
