package dev.conduit.history.testing;

import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.persistence.history.HistoryBranchTokens;
import dev.conduit.proto.persistence.v1.HistoryBranchToken;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Executions in memory honouring the contract's conditions: range-id fencing on every write, db version
 * on updates, the current-execution record on creates, and contiguous history (unit tests only).
 */
public final class InMemoryExecutionStore implements ExecutionStore {
  private record CurrentKey(String namespaceId, String workflowId) {}

  private record TimerKey(Instant fireTime, long taskId) {}

  private static final Comparator<TimerKey> TIMER_ORDER =
      Comparator.comparing(TimerKey::fireTime).thenComparingLong(TimerKey::taskId);

  private final InMemoryShardStore shards;
  private final Map<WorkflowKey, WorkflowSnapshot> executions = new HashMap<>();
  private final Map<CurrentKey, CurrentExecution> current = new HashMap<>();
  private final Map<WorkflowKey, TreeMap<Long, HistoryBatch>> history = new HashMap<>();
  /** Which run each branch (tree id/branch id) belongs to; a run here only ever writes its root branch. */
  private final Map<String, WorkflowKey> branches = new HashMap<>();
  /** Forks not yet written by their run: the batches each shares with its base. */
  private final Map<String, TreeMap<Long, HistoryBatch>> forks = new HashMap<>();
  private final Map<Integer, TreeMap<Long, TransferTaskRecord>> transfer = new HashMap<>();
  private final Map<Integer, TreeMap<TimerKey, TimerTaskRecord>> timers = new HashMap<>();
  private final Map<Integer, TreeMap<Long, ReplicationTaskRecord>> replication = new HashMap<>();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger droppedWrites = new AtomicInteger();
  private Consumer<WorkflowWrite> beforeWrite = write -> { };
  private Consumer<WorkflowWrite> afterWrite = write -> { };
  private final AtomicInteger transferReads = new AtomicInteger();

  public InMemoryExecutionStore(InMemoryShardStore shards) {
    this.shards = shards;
  }

  private Runnable beforeHistoryRead = () -> { };

  /** Runs before each history read (once set, until replaced): a test's way to act between a read and a write. */
  public synchronized void beforeHistoryRead(Runnable hook) {
    this.beforeHistoryRead = hook;
  }

  /** Runs before each write is applied; may throw to simulate a failed write. */
  public synchronized void beforeWrite(Consumer<WorkflowWrite> hook) {
    this.beforeWrite = hook;
  }

  /**
   * Fails the first write that {@code matches}, as a write lost on its way to the database, and counts it in
   * {@link #droppedWrites()}; later writes go through. Replaces any {@link #beforeWrite} hook.
   */
  public synchronized void dropNextWrite(Predicate<WorkflowWrite> matches) {
    this.beforeWrite = failFirst(matches, "lost write (test)");
  }

  /**
   * Applies the first write that {@code matches} and then fails it, as a write whose answer was lost after the
   * database applied it (a timeout): the caller cannot tell it committed. Counted in {@link #droppedWrites()}.
   */
  public synchronized void failAfterNextWrite(Predicate<WorkflowWrite> matches) {
    this.afterWrite = failFirst(matches, "write applied, answer lost (test)");
  }

  /** A write hook that fails the first write {@code matches} accepts, once, counting it; later writes go through. */
  private Consumer<WorkflowWrite> failFirst(Predicate<WorkflowWrite> matches, String message) {
    AtomicBoolean failed = new AtomicBoolean();
    return write -> {
      if (!failed.get() && matches.test(write)) {
        failed.set(true);
        droppedWrites.incrementAndGet();
        throw new IllegalStateException(message);
      }
    };
  }

  /** Reads of transfer tasks so far. */
  public int transferReads() {
    return transferReads.get();
  }

  /**
   * Writes {@link #dropNextWrite} and {@link #failAfterNextWrite} failed, so a test can tell its fault was injected and
   * not skipped.
   */
  public int droppedWrites() {
    return droppedWrites.get();
  }

  public int writeCount() {
    return writes.get();
  }

  @Override
  public synchronized void createWorkflowExecution(int shardId, WorkflowWrite write, CreateMode mode, String previousRunId) {
    beforeWrite.accept(write);
    checkRange(shardId, write.rangeId());
    WorkflowSnapshot snapshot = write.snapshot();
    WorkflowKey key = snapshot.key();
    CurrentKey currentKey = new CurrentKey(key.namespaceId(), key.workflowId());
    CurrentExecution existing = current.get(currentKey);
    if (mode == CreateMode.BRAND_NEW && existing != null) {
      throw new CurrentExecutionConflictException(existing);
    }
    if (mode == CreateMode.REUSE_CLOSED_RUN) {
      if (existing == null) {
        throw new ConditionFailedException("no current run to reuse");
      }
      if (!existing.runId().equals(previousRunId) || existing.state().isOpen()) {
        throw new CurrentExecutionConflictException(existing);
      }
    }
    if (executions.containsKey(key)) {
      throw new ConditionFailedException("run already exists: " + key);
    }
    appendHistory(key, adoptFork(key, write), write);
    executions.put(key, snapshot);
    current.put(currentKey, new CurrentExecution(key.runId(), snapshot.createRequestId(), snapshot.state(),
        snapshot.status(), snapshot.lastWriteVersion()));
    addTasks(shardId, write);
    writes.incrementAndGet();
    afterWrite.accept(write);
  }

  @Override
  public synchronized void updateWorkflowExecution(int shardId, WorkflowWrite write) {
    beforeWrite.accept(write);
    checkRange(shardId, write.rangeId());
    WorkflowSnapshot snapshot = write.snapshot();
    WorkflowKey key = snapshot.key();
    WorkflowSnapshot stored = executions.get(key);
    if (stored == null) {
      throw new ConditionFailedException("run does not exist: " + key);
    }
    if (stored.dbVersion() != write.expectedDbVersion()) {
      throw new ConditionFailedException("db version is " + stored.dbVersion() + ", expected " + write.expectedDbVersion());
    }
    appendHistory(key, stored.nextEventId(), write);
    executions.put(key, snapshot);
    CurrentKey currentKey = new CurrentKey(key.namespaceId(), key.workflowId());
    CurrentExecution record = current.get(currentKey);
    if (record != null && record.runId().equals(key.runId())) {
      current.put(currentKey, new CurrentExecution(key.runId(), record.createRequestId(), snapshot.state(),
          snapshot.status(), snapshot.lastWriteVersion()));
    }
    addTasks(shardId, write);
    writes.incrementAndGet();
    afterWrite.accept(write);
  }

  /** Replaces the stored snapshot as another writer would (bumps the db version). */
  public synchronized void overwriteSnapshot(WorkflowKey key, byte[] mutableState) {
    WorkflowSnapshot stored = executions.get(key);
    executions.put(key, new WorkflowSnapshot(key, stored.state(), stored.status(), stored.nextEventId(),
        stored.lastWriteVersion(), stored.dbVersion() + 1, stored.createRequestId(), mutableState));
  }

  @Override
  public synchronized Optional<WorkflowSnapshot> getWorkflowExecution(int shardId, WorkflowKey key) {
    return Optional.ofNullable(executions.get(key));
  }

  @Override
  public synchronized Optional<CurrentExecution> getCurrentExecution(int shardId, String namespaceId, String workflowId) {
    return Optional.ofNullable(current.get(new CurrentKey(namespaceId, workflowId)));
  }

  @Override
  public synchronized void deleteWorkflowExecution(int shardId, WorkflowKey key, List<byte[]> branchTokens) {
    for (byte[] token : branchTokens) {
      WorkflowKey owner = branches.remove(branchName(token));
      if (owner != null) {
        history.remove(owner);
      }
    }
    current.computeIfPresent(new CurrentKey(key.namespaceId(), key.workflowId()),
        (k, record) -> record.runId().equals(key.runId()) ? null : record);
    executions.remove(key);
  }

  /**
   * A fork for a new run (a reset): the base's batches below the fork point are copied to the run that first
   * writes the fork. Conflict resolution's forks of a run's own history are tested on Cassandra (ITs).
   */
  @Override
  public synchronized byte[] forkHistoryBranch(byte[] baseToken, long forkEventId) {
    WorkflowKey base = branches.get(branchName(baseToken));
    TreeMap<Long, HistoryBatch> batches = base == null ? null : history.get(base);
    var below = batches == null ? null : batches.floorEntry(forkEventId - 1);
    if (below == null || below.getValue().lastEventId() != forkEventId - 1) {
      throw new IllegalArgumentException("cannot fork at " + forkEventId + ": not a batch boundary of the base");
    }
    byte[] fork = HistoryBranchTokens.fork(HistoryBranchTokens.decode(baseToken), forkEventId).toByteArray();
    forks.put(branchName(fork), new TreeMap<>(batches.headMap(forkEventId, false)));
    return fork;
  }

  /** The first event id a new run writes: after the shared batches when its branch is a fork, which it takes over. */
  private long adoptFork(WorkflowKey key, WorkflowWrite write) {
    TreeMap<Long, HistoryBatch> shared = forks.remove(branchName(write.branchToken()));
    if (shared == null) {
      return 1;
    }
    branches.put(branchName(write.branchToken()), key);
    history.put(key, shared);
    return shared.lastEntry().getValue().lastEventId() + 1;
  }

  /** Whether any history of {@code key} is stored. */
  public synchronized boolean hasHistory(WorkflowKey key) {
    return history.containsKey(key);
  }

  @Override
  public synchronized HistoryPage readHistory(byte[] branchToken, long fromEventId, long nextEventId, int pageSize,
      byte[] pageToken) {
    beforeHistoryRead.run();
    WorkflowKey key = branches.get(branchName(branchToken));
    TreeMap<Long, HistoryBatch> batches = key == null ? new TreeMap<>() : history.getOrDefault(key, new TreeMap<>());
    long start = pageToken == null || pageToken.length == 0 ? Long.MIN_VALUE : ByteBuffer.wrap(pageToken).getLong();
    List<HistoryBatch> page = new ArrayList<>();
    byte[] next = null;
    for (HistoryBatch batch : batches.tailMap(start, true).values()) {
      if (batch.lastEventId() < fromEventId) {
        continue;
      }
      if (batch.firstEventId() >= nextEventId) {
        break;
      }
      if (page.size() == pageSize) {
        next = ByteBuffer.allocate(8).putLong(batch.firstEventId()).array();
        break;
      }
      page.add(batch);
    }
    return new HistoryPage(page, next);
  }

  @Override
  public synchronized List<TransferTaskRecord> getTransferTasks(int shardId, long exclusiveMinTaskId,
      long inclusiveMaxTaskId, int limit) {
    transferReads.incrementAndGet();
    return transfer.getOrDefault(shardId, new TreeMap<>())
        .subMap(exclusiveMinTaskId, false, inclusiveMaxTaskId, true).values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void rangeCompleteTransferTasks(int shardId, long inclusiveMaxTaskId) {
    transfer.getOrDefault(shardId, new TreeMap<>()).headMap(inclusiveMaxTaskId, true).clear();
  }

  @Override
  public synchronized List<TimerTaskRecord> getTimerTasks(int shardId, Instant minFireTime, long exclusiveMinTaskId,
      Instant maxExclusive, int limit) {
    // as the store: fire times in milliseconds, the start rounded up
    return timers.getOrDefault(shardId, new TreeMap<>(TIMER_ORDER))
        .subMap(new TimerKey(ProtoTime.ceilMillis(minFireTime), exclusiveMinTaskId), false,
            new TimerKey(maxExclusive, Long.MIN_VALUE), false)
        .values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void rangeCompleteTimerTasks(int shardId, Instant exclusiveMaxFireTime) {
    // as the store: down to the millisecond
    timers.getOrDefault(shardId, new TreeMap<>(TIMER_ORDER))
        .headMap(new TimerKey(exclusiveMaxFireTime.truncatedTo(ChronoUnit.MILLIS), Long.MIN_VALUE), false).clear();
  }

  @Override
  public synchronized List<ReplicationTaskRecord> getReplicationTasks(int shardId, long exclusiveMinTaskId,
      long inclusiveMaxTaskId, int limit) {
    return replication.getOrDefault(shardId, new TreeMap<>())
        .subMap(exclusiveMinTaskId, false, inclusiveMaxTaskId, true).values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void rangeCompleteReplicationTasks(int shardId, long inclusiveMaxTaskId) {
    replication.getOrDefault(shardId, new TreeMap<>()).headMap(inclusiveMaxTaskId, true).clear();
  }

  /** Every stored replication task of the shard, in task id order. */
  public synchronized List<ReplicationTaskRecord> replicationTasks(int shardId) {
    return List.copyOf(replication.getOrDefault(shardId, new TreeMap<>()).values());
  }

  public synchronized List<TransferTaskRecord> transferTasks(int shardId) {
    return List.copyOf(transfer.getOrDefault(shardId, new TreeMap<>()).values());
  }

  public synchronized List<TimerTaskRecord> timerTasks(int shardId) {
    return List.copyOf(timers.getOrDefault(shardId, new TreeMap<>(TIMER_ORDER)).values());
  }

  /** Puts a task back as if its deletion had been lost (redelivery). */
  public synchronized void reinsertTransferTask(int shardId, TransferTaskRecord record) {
    transfer.computeIfAbsent(shardId, id -> new TreeMap<>()).put(record.taskId(), record);
  }

  public synchronized void reinsertTimerTask(int shardId, TimerTaskRecord record) {
    timers.computeIfAbsent(shardId, id -> new TreeMap<>(TIMER_ORDER)).put(new TimerKey(record.fireTime(), record.taskId()), record);
  }

  public synchronized List<HistoryBatch> batches(WorkflowKey key) {
    return List.copyOf(history.getOrDefault(key, new TreeMap<>()).values());
  }

  private void checkRange(int shardId, long rangeId) {
    long actual = shards.rangeId(shardId);
    if (actual != rangeId) {
      throw new ShardOwnershipLostException(shardId, rangeId, actual);
    }
  }

  private void appendHistory(WorkflowKey key, long expectedFirst, WorkflowWrite write) {
    long next = expectedFirst;
    for (HistoryBatch batch : write.newEvents()) {
      if (batch.firstEventId() != next) {
        throw new IllegalStateException("history gap: batch starts at " + batch.firstEventId() + ", expected " + next);
      }
      next = batch.lastEventId() + 1;
    }
    if (next != write.snapshot().nextEventId()) {
      throw new IllegalStateException("snapshot next event id " + write.snapshot().nextEventId() + " != " + next);
    }
    if (!write.newEvents().isEmpty()) {
      HistoryBranchToken branch = HistoryBranchTokens.decode(write.branchToken());
      boolean adoptedFork = key.equals(branches.get(branchName(write.branchToken()))) && branch.getAncestorsCount() > 0;
      if (!adoptedFork && (!branch.getTreeId().equals(key.runId()) || branch.getAncestorsCount() > 0)) {
        throw new IllegalStateException("run " + key + " appends to branch " + branch + ", not its root branch");
      }
      WorkflowKey owner = branches.putIfAbsent(branchName(write.branchToken()), key);
      if (owner != null && !owner.equals(key)) {
        throw new IllegalStateException("branch " + branch + " of " + owner + " written by " + key);
      }
    }
    TreeMap<Long, HistoryBatch> batches = history.computeIfAbsent(key, k -> new TreeMap<>());
    write.newEvents().forEach(batch -> batches.put(batch.firstEventId(), batch));
  }

  private static String branchName(byte[] branchToken) {
    HistoryBranchToken branch = HistoryBranchTokens.decode(branchToken);
    return branch.getTreeId() + "/" + branch.getBranchId();
  }

  private void addTasks(int shardId, WorkflowWrite write) {
    TreeMap<Long, TransferTaskRecord> transferTasks = transfer.computeIfAbsent(shardId, id -> new TreeMap<>());
    write.transferTasks().forEach(task -> transferTasks.put(task.taskId(), task));
    TreeMap<TimerKey, TimerTaskRecord> timerTasks = timers.computeIfAbsent(shardId, id -> new TreeMap<>(TIMER_ORDER));
    write.timerTasks().forEach(task -> timerTasks.put(new TimerKey(task.fireTime(), task.taskId()), task));
    TreeMap<Long, ReplicationTaskRecord> replicationTasks = replication.computeIfAbsent(shardId, id -> new TreeMap<>());
    write.replicationTasks().forEach(task -> replicationTasks.put(task.taskId(), task));
  }
}
