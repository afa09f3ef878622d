package dev.conduit.persistence.execution;

import java.util.List;

/**
 * One state change of one run, written all at once or not at all (invariant 2): the new mutable state,
 * the history events it appends (to the history branch {@code branchToken}), and the transfer and timer tasks it creates, conditioned on the shard's
 * {@code rangeId} (invariant 1) and, for updates, on the stored {@code dbVersion} being
 * {@code expectedDbVersion}. Every new history batch must end below the snapshot's {@code nextEventId}.
 * Replication tasks (for a global namespace) are stored with the same write.
 */
public record WorkflowWrite(
    WorkflowSnapshot snapshot,
    long rangeId,
    long expectedDbVersion,
    byte[] branchToken,
    List<HistoryBatch> newEvents,
    List<TransferTaskRecord> transferTasks,
    List<TimerTaskRecord> timerTasks,
    List<ReplicationTaskRecord> replicationTasks) {

  public WorkflowWrite {
    newEvents = List.copyOf(newEvents);
    transferTasks = List.copyOf(transferTasks);
    timerTasks = List.copyOf(timerTasks);
    replicationTasks = List.copyOf(replicationTasks);
  }

  /** A write with no replication tasks (a local namespace). */
  public WorkflowWrite(WorkflowSnapshot snapshot, long rangeId, long expectedDbVersion, byte[] branchToken,
      List<HistoryBatch> newEvents, List<TransferTaskRecord> transferTasks, List<TimerTaskRecord> timerTasks) {
    this(snapshot, rangeId, expectedDbVersion, branchToken, newEvents, transferTasks, timerTasks, List.of());
  }
}
