package dev.conduit.history.shard;

import dev.conduit.history.visibility.VisibilitySink;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.replication.StandbyResend;
import java.util.function.Supplier;
import dev.conduit.history.client.HistoryPeerClient;
import dev.conduit.history.client.MatchingClient;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.history.errors.WorkflowBusyException;
import dev.conduit.history.queues.TimerQueueProcessor;
import dev.conduit.history.replication.ReplicationPlan;
import dev.conduit.history.queues.TransferQueueProcessor;
import dev.conduit.history.queues.TransferTaskHandoff;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.updates.UpdateRegistry;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.ShardRecord;
import dev.conduit.persistence.execution.ShardStore;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.ShardQueueState;
import dev.conduit.proto.persistence.v1.HistoryShardInfo;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.history.v1.HistoryEvent;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One history shard owned by this host: its range (fencing token, invariant 1), task ids, the
 * per-workflow locks and cache, and its transfer and timer queues. All changes of the shard's runs go
 * through {@link #update} and {@link #create}. When a write finds the range moved, the shard stops at
 * once and every later call on it answers {@link ShardNotOwnedException}.
 */
public final class ShardContext {
  private static final Logger log = LoggerFactory.getLogger(ShardContext.class);
  /** Batches of events per store read when a whole range is read. */
  private static final int EVENT_BATCHES_PER_READ = 100;

  private final int shardId;
  private final String owner;
  private final ShardStore shardStore;
  private final ExecutionStore store;
  private final NamespaceLookup namespaces;
  private final WriteNamespaces writeNamespaces;
  private final MatchingClient matching;
  private final HistoryPeerClient peers;
  private final VisibilitySink visibility;
  private final HistoryConfig config;
  private final Clock clock;
  private final Consumer<ShardContext> onStopped;
  private final WorkflowNotifier notifier = new WorkflowNotifier();
  private final UpdateRegistry updates = new UpdateRegistry();
  private final WorkflowCache cache;
  private final ReplicatedWrites replicated = new ReplicatedWrites(this);
  private TaskIdAllocator allocator;
  private WorkflowWriter writer;
  private TransferQueueProcessor transferQueue;
  private TimerQueueProcessor timerQueue;
  private volatile boolean owned;
  private HistoryShardInfo persistedInfo = HistoryShardInfo.getDefaultInstance();
  private Instant lastAckPersist = Instant.EPOCH;
  // what the range deletions below the persisted ack levels have reached (none yet since the shard was acquired)
  private long transferTasksDeletedUpTo = -1;
  private Instant timerTasksDeletedBefore = Instant.EPOCH;
  private final Supplier<StandbyResend> standbyResend;
  private final EventsCache eventsCache;

  ShardContext(int shardId, String owner, ShardStore shardStore, ExecutionStore store, NamespaceLookup namespaces,
      MatchingClient matching, HistoryPeerClient peers, VisibilitySink visibility, HistoryConfig config, Clock clock,
      Consumer<ShardContext> onStopped, Supplier<StandbyResend> standbyResend, EventsCache eventsCache) {
    this.standbyResend = standbyResend;
    this.eventsCache = eventsCache;
    this.shardId = shardId;
    this.owner = owner;
    this.shardStore = shardStore;
    this.store = store;
    this.namespaces = namespaces;
    this.writeNamespaces = new WriteNamespaces(namespaces);
    this.matching = matching;
    this.peers = peers;
    this.visibility = visibility;
    this.config = config;
    this.clock = clock;
    this.onStopped = onStopped;
    this.cache = new WorkflowCache(shardId, store, config.workflowCacheSize());
  }

  /** Takes the shard (moving its range up, which fences the previous owner) and starts its queues. */
  void acquire(ScheduledExecutorService pool) {
    ShardRecord record = shardStore.acquire(shardId, owner);
    eventsCache.forgetShard(shardId); // what this host kept of the shard before: others may have written since
    persistedInfo = decodeInfo(record.data());
    Instant timerAck = persistedInfo.hasTimerAckLevel() ? ProtoTime.instant(persistedInfo.getTimerAckLevel()) : Instant.EPOCH;
    allocator = new TaskIdAllocator(shardId, owner, shardStore, record.rangeId(), timerAck);
    // what earlier owners wrote is below this host's range: read from the store
    TransferTaskHandoff handoff = new TransferTaskHandoff(allocator.transferMaxReadLevel(),
        config.maxPendingQueueTasks());
    writer = new WorkflowWriter(shardId, store, allocator, handoff, () -> transferQueue.signal(),
        visibility != VisibilitySink.NONE);
    transferQueue = new TransferQueueProcessor(this, pool, persistedInfo.getTransferAckLevel(), handoff);
    timerQueue = new TimerQueueProcessor(this, pool, timerAck);
    owned = true;
    transferQueue.start();
    timerQueue.start();
    log.info("acquired shard {} with range {}", shardId, record.rangeId());
  }

  public int shardId() {
    return shardId;
  }

  public boolean isOwned() {
    return owned;
  }

  public long rangeId() {
    return allocator.rangeId();
  }

  public Clock clock() {
    return clock;
  }

  public HistoryConfig config() {
    return config;
  }

  public ExecutionStore store() {
    return store;
  }

  public MatchingClient matching() {
    return matching;
  }

  /** The other history shards (children, external signals and cancels, parent close policies). */
  public HistoryPeerClient peers() {
    return peers;
  }

  /** Where visibility tasks publish the runs' records. */
  public VisibilitySink visibility() {
    return visibility;
  }

  public NamespaceLookup namespaces() {
    return namespaces;
  }

  /** The Workflow Updates this shard's runs admitted and have not accepted yet (in memory). */
  public UpdateRegistry updates() {
    return updates;
  }

  public WorkflowNotifier notifier() {
    return notifier;
  }

  public TransferQueueProcessor transferQueue() {
    return transferQueue;
  }

  public TimerQueueProcessor timerQueue() {
    return timerQueue;
  }

  /**
   * Where the shard's queues stand, as their last passes left them (read without waiting for a pass in progress), for
   * the admin view: ack levels, pending tasks, the oldest timer not done.
   */
  public ShardQueueState queueState() {
    TransferQueueProcessor.State transfers = transferQueue.state();
    TimerQueueProcessor.State timers = timerQueue.state();
    ShardQueueState.Builder state = ShardQueueState.newBuilder()
        .setShardId(shardId)
        .setTransferAckLevel(transfers.ackLevel())
        .setTransferPending(transfers.pending())
        .setTimerAckLevel(ProtoTime.timestamp(timers.ackLevel()))
        .setTimerPending(timers.pending());
    if (timers.passTime() != null) {
      state.setTimerPassTime(ProtoTime.timestamp(timers.passTime()));
    }
    if (timers.oldest() != null) {
      state.setOldestTimerDue(ProtoTime.timestamp(timers.oldest().fireTime()))
          .setOldestTimerWorkflowId(timers.oldest().workflow().workflowId())
          .setOldestTimerRunId(timers.oldest().workflow().runId())
          .setOldestTimerAttempts(timers.oldestAttempts());
    }
    return state.build();
  }

  /**
   * Applies {@code action} to the run's committed state and writes the result in one conditional
   * write. On a conflicting write the state is reloaded and the action recomputed. The namespace must be
   * active here and its view not older than the run (see {@link WriteNamespaces}).
   */
  public <R> R update(WorkflowKey key, WorkflowAction<R> action) {
    return update(key, false, action);
  }

  /**
   * {@link #update(WorkflowKey, WorkflowAction)} for the end of a workflow task already started (completed or
   * failed by the worker). Unlike other writes it goes through while the namespace is in HANDOVER: it writes the
   * signals buffered behind the task as events, so they replicate to the failover's target instead of staying
   * behind in this cluster's mutable state.
   */
  public <R> R updateEndingWorkflowTask(WorkflowKey key, WorkflowAction<R> action) {
    return update(key, true, action);
  }

  private <R> R update(WorkflowKey key, boolean endsWorkflowTask, WorkflowAction<R> action) {
    ensureOwned();
    try (WorkflowCache.Lease lease = cache.lock(key)) {
      for (int attempt = 0; ; attempt++) {
        ensureOwned();
        WorkflowCache.Committed committed = lease.load();
        NamespaceEntry namespace = writeNamespaces.forUpdate(key.namespaceId(), committed.state().getLastWriteVersion(),
            endsWorkflowTask);
        WorkflowTransaction tx = WorkflowTransaction.update(committed.state(), namespace, config, clock.instant());
        R result = action.apply(tx);
        if (!tx.finish()) {
          return result;
        }
        try {
          WorkflowWriter.Written written = writer.update(tx, committed.dbVersion());
          lease.put(written.committed());
          afterCommit(key, written);
          return result;
        } catch (ConditionFailedException e) {
          lease.invalidate();
          if (attempt + 1 >= config.maxConditionRetries()) {
            throw new WorkflowBusyException("workflow " + key.workflowId() + " changed concurrently, try again");
          }
        } catch (ShardOwnershipLostException e) {
          lease.invalidate();
          throw lost(e);
        } catch (RuntimeException e) {
          // The write may or may not have been applied: the next change reads the stored state.
          lease.invalidate();
          throw e;
        }
      }
    }
  }

  /**
   * Writes a new run. The current-execution record must be as {@code mode} says, and the namespace
   * active here.
   */
  public void create(WorkflowTransaction tx, CreateMode mode, String previousRunId) {
    ensureOwned();
    writeNamespaces.requireActive(tx.namespace());
    WorkflowKey key = tx.state().key();
    try (WorkflowCache.Lease lease = cache.lock(key)) {
      tx.finish();
      try {
        WorkflowWriter.Written written = writer.create(tx, mode, previousRunId);
        lease.put(written.committed());
        afterCommit(key, written);
      } catch (ShardOwnershipLostException e) {
        throw lost(e);
      }
    }
  }

  /**
   * Applies events another cluster wrote to this cluster's copy of the run (see {@link ReplicatedWrites#replicate}).
   * Not subject to the namespace being active here: this is how a standby's copy follows the active one.
   */
  public ReplicationPlan replicate(WorkflowKey key, List<VersionHistoryItem> versionHistory, List<HistoryEvent> events) {
    return replicated.replicate(key, versionHistory, events);
  }

  /**
   * A queue task of the run has waited since {@code since} for events of {@code activeCluster} (this cluster is a
   * standby of the namespace): past the resend delay the run's history is read there and what this copy lacks is
   * applied ({@link StandbyResend}).
   */
  public void standbyTaskWaiting(WorkflowKey key, String activeCluster, Instant since) {
    standbyResend.get().overdue(key, activeCluster, since, this::replicate);
  }

  /** Takes over a pending activity's attempt state from the active cluster (see {@link ReplicatedWrites#syncActivity}). */
  public boolean syncActivity(WorkflowKey key, SyncActivityReplicationTask task) {
    return replicated.syncActivity(key, task);
  }

  // --- for ReplicatedWrites: the run locks and the writer ---

  WorkflowCache cache() {
    return cache;
  }

  WorkflowWriter writer() {
    return writer;
  }

  /** What every successful write of the shard does next: wake waiters and the queues. */
  void committed(WorkflowKey key, WorkflowWriter.Written written) {
    afterCommit(key, written);
  }

  /** Events of one page of a branch read and the store's token of the next page (null at the end). */
  public record EventPage(java.util.List<HistoryEvent> events, byte[] nextPageToken) {}

  /**
   * Events {@code firstEventId .. nextEventId - 1} of a history branch (through its ancestors), at most
   * {@code pageSize} stored batches, from where {@code pageToken} (null for the first page) left off.
   */
  public EventPage readEventPage(byte[] branchToken, long firstEventId, long nextEventId, int pageSize,
      byte[] pageToken) {
    if (firstEventId >= nextEventId) {
      return new EventPage(java.util.List.of(), null);
    }
    if (pageToken == null) {
      List<HistoryBatch> kept = eventsCache.get(branchToken, firstEventId, nextEventId);
      if (kept != null && kept.size() <= Math.max(1, pageSize)) {
        return new EventPage(eventsOf(kept, firstEventId, nextEventId), null);
      }
    }
    dev.conduit.persistence.execution.HistoryPage page =
        store().readHistory(branchToken, firstEventId, nextEventId, Math.max(1, pageSize), pageToken);
    byte[] next = page.nextPageToken();
    return new EventPage(eventsOf(page.batches(), firstEventId, nextEventId),
        next == null || next.length == 0 ? null : next);
  }

  private static List<HistoryEvent> eventsOf(List<HistoryBatch> batches, long firstEventId, long nextEventId) {
    List<HistoryEvent> events = new java.util.ArrayList<>();
    for (HistoryBatch batch : batches) {
      for (HistoryEvent event : dev.conduit.history.workflow.Events.decodeBatch(batch.events())) {
        if (event.getEventId() >= firstEventId && event.getEventId() < nextEventId) {
          events.add(event);
        }
      }
    }
    return events;
  }

  /**
   * Events {@code firstEventId .. nextEventId - 1} of a history branch (through its ancestors), read page by page:
   * for the callers that need a whole range at once, not a client's page.
   */
  public java.util.List<HistoryEvent> readEvents(byte[] branchToken, long firstEventId, long nextEventId) {
    java.util.List<HistoryEvent> events = new java.util.ArrayList<>();
    byte[] pageToken = null;
    do {
      EventPage page = readEventPage(branchToken, firstEventId, nextEventId, EVENT_BATCHES_PER_READ, pageToken);
      events.addAll(page.events());
      pageToken = page.nextPageToken();
    } while (pageToken != null);
    return events;
  }

  /** The run's last committed state. */
  public MutableStateRecord read(WorkflowKey key) {
    ensureOwned();
    try (WorkflowCache.Lease lease = cache.lock(key)) {
      return lease.load().state();
    }
  }

  /**
   * Deletes a run for good if {@code due} accepts its committed state: its history branches, the current
   * record if it still names the run, and the run itself (see {@link ExecutionStore#deleteWorkflowExecution}).
   * Under the run's lock, so no change of the run races the delete. Not subject to the namespace being
   * active here: every cluster deletes its own copy when the retention is over. Returns whether the run is gone now
   * (deleted here, or already gone before), false when {@code due} kept it.
   */
  public boolean deleteRun(WorkflowKey key, Predicate<MutableStateRecord> due) {
    ensureOwned();
    try (WorkflowCache.Lease lease = cache.lock(key)) {
      MutableStateRecord state;
      try {
        state = lease.load().state();
      } catch (EntityNotFoundException e) {
        return true;
      }
      if (!due.test(state)) {
        return false;
      }
      List<byte[]> branches = state.getVersionHistories().getHistoriesList().stream()
          .map(history -> history.getBranchToken().toByteArray())
          .toList();
      try {
        store.deleteWorkflowExecution(shardId, key, branches);
      } finally {
        lease.invalidate();
      }
      return true;
    }
  }

  public Optional<CurrentExecution> currentExecution(String namespaceId, String workflowId) {
    ensureOwned();
    return store.getCurrentExecution(shardId, namespaceId, workflowId);
  }

  /** Wakes whoever waits on the run's changes (a change elsewhere decides what they wait for). */
  public void wakeWaiters(WorkflowKey key) {
    notifier.changed(key);
  }

  /** The highest transfer task id that is safe to read. */
  public long transferMaxReadLevel() {
    return allocator.transferMaxReadLevel();
  }

  /** Exclusive bound of the next timer read; see {@link TaskIdAllocator#timerReadBound}. */
  public Instant timerReadBound(Instant now) {
    return allocator.timerReadBound(now);
  }

  /**
   * Persists the queues' ack levels, at most once per configured interval unless {@code force}; then deletes the
   * tasks below them, one range each (a task is not deleted when it is done, but once the ack level passes it).
   */
  public synchronized void updateAckLevels(Long transferAckLevel, Instant timerAckLevel, boolean force) {
    HistoryShardInfo.Builder info = persistedInfo.toBuilder();
    if (transferAckLevel != null) {
      info.setTransferAckLevel(Math.max(transferAckLevel, persistedInfo.getTransferAckLevel()));
    }
    if (timerAckLevel != null) {
      info.setTimerAckLevel(ProtoTime.timestamp(timerAckLevel));
    }
    Instant now = clock.instant();
    HistoryShardInfo next = info.build();
    if (next.equals(persistedInfo) || !owned) {
      return;
    }
    if (!force && now.isBefore(lastAckPersist.plus(config.ackLevelPersistInterval()))) {
      return;
    }
    HistoryShardInfo toWrite = next.toBuilder().setUpdatedTime(ProtoTime.timestamp(now)).build();
    try {
      allocator.withRange(rangeId -> shardStore.updateShardInfo(shardId, rangeId, toWrite.toByteArray()));
      persistedInfo = next;
      lastAckPersist = now;
    } catch (ShardOwnershipLostException e) {
      throw lost(e);
    }
    deleteTasksBelowAckLevels();
  }

  /**
   * Deletes the done tasks below the persisted ack levels: every one of them is done, and a next owner of the shard
   * reads above them. A failed deletion is only logged; the next persist deletes up to its higher levels anyway.
   */
  private void deleteTasksBelowAckLevels() {
    long transferLevel = persistedInfo.getTransferAckLevel();
    if (transferLevel > transferTasksDeletedUpTo && deleteOrLog("transfer tasks up to " + transferLevel,
        () -> store.rangeCompleteTransferTasks(shardId, transferLevel))) {
      transferTasksDeletedUpTo = transferLevel;
    }
    Instant timerLevel = persistedInfo.hasTimerAckLevel() ? ProtoTime.instant(persistedInfo.getTimerAckLevel()) : null;
    if (timerLevel != null && timerLevel.isAfter(timerTasksDeletedBefore) && deleteOrLog(
        "timer tasks due before " + timerLevel, () -> store.rangeCompleteTimerTasks(shardId, timerLevel))) {
      timerTasksDeletedBefore = timerLevel;
    }
  }

  private boolean deleteOrLog(String what, Runnable deletion) {
    try {
      deletion.run();
      return true;
    } catch (RuntimeException e) {
      log.warn("shard {}: could not delete the {}; the next ack persist does", shardId, what, e);
      return false;
    }
  }

  public HistoryShardInfo persistedAckLevels() {
    return persistedInfo;
  }

  // --- replication outbox: what remote clusters may read and what they acked ---

  /** The highest replication task id that is safe to read: every lower id is committed or abandoned. */
  public long replicationMaxReadLevel() {
    return allocator.replicationMaxReadLevel();
  }

  /**
   * The remote cluster's ack level. A cluster reading for the first time is recorded at 0 (persisted),
   * so that no task it has not read is deleted for the others' sake.
   */
  public synchronized long replicationAckLevel(String cluster) {
    ensureOwned();
    Long level = persistedInfo.getReplicationAckLevelsMap().get(cluster);
    if (level == null) {
      persistInfo(persistedInfo.toBuilder().putReplicationAckLevels(cluster, 0).build());
      return 0;
    }
    return level;
  }

  /**
   * Moves the cluster's ack level up (never down, never above the read level) and persists it fenced by
   * the range; then deletes the tasks every recorded remote cluster acked.
   */
  public synchronized void updateReplicationAckLevel(String cluster, long ackLevel) {
    ensureOwned();
    long current = persistedInfo.getReplicationAckLevelsMap().getOrDefault(cluster, 0L);
    long next = Math.max(current, Math.min(ackLevel, replicationMaxReadLevel()));
    if (next == current && persistedInfo.containsReplicationAckLevels(cluster)) {
      return;
    }
    long minBefore = minReplicationAckLevel();
    persistInfo(persistedInfo.toBuilder().putReplicationAckLevels(cluster, next).build());
    long minAfter = minReplicationAckLevel();
    if (minAfter > minBefore) {
      store.rangeCompleteReplicationTasks(shardId, minAfter);
    }
  }

  private long minReplicationAckLevel() {
    return persistedInfo.getReplicationAckLevelsMap().values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private void persistInfo(HistoryShardInfo next) {
    HistoryShardInfo toWrite = next.toBuilder().setUpdatedTime(ProtoTime.timestamp(clock.instant())).build();
    try {
      allocator.withRange(rangeId -> shardStore.updateShardInfo(shardId, rangeId, toWrite.toByteArray()));
      persistedInfo = next;
    } catch (ShardOwnershipLostException e) {
      throw lost(e);
    }
  }

  /** Stops serving the shard: queues stop, waiters wake, later calls answer "not owned". */
  public void stop(String reason) {
    if (!owned) {
      return;
    }
    owned = false;
    transferQueue.stop();
    timerQueue.stop();
    cache.clear();
    notifier.wakeAll();
    log.info("stopped shard {}: {}", shardId, reason);
    onStopped.accept(this);
  }

  /** Fails with {@link ShardNotOwnedException} unless the shard is served here. */
  public void ensureOwned() {
    if (!owned) {
      throw new ShardNotOwnedException(shardId, "stopped on this host");
    }
  }

  /** Ownership was lost to another host: stop at once (invariant 1) and tell the caller to go there. */
  public ShardNotOwnedException lost(ShardOwnershipLostException e) {
    if (owned) {
      log.warn("shard {} was taken by another host: {}", shardId, e.getMessage());
    }
    stop("ownership lost: " + e.getMessage());
    return new ShardNotOwnedException(shardId, e.getMessage());
  }

  private void afterCommit(WorkflowKey key, WorkflowWriter.Written written) {
    if (!ExecutionState.ofCode(written.committed().state().getState()).isOpen()) {
      // a closed run accepts no more updates: what it had not accepted is aborted (its waiters read the close)
      updates.dropRun(key);
    }
    if (written.batch() != null) {
      eventsCache.put(shardId, written.branchToken(), written.batch());
    }
    notifier.changed(key);
    if (written.hasTransferTasks()) {
      transferQueue.signal();
    }
    if (written.earliestTimer() != null) {
      timerQueue.notifyNewTimer(written.earliestTimer());
    }
  }

  private static HistoryShardInfo decodeInfo(byte[] data) {
    if (data == null || data.length == 0) {
      return HistoryShardInfo.getDefaultInstance();
    }
    try {
      return HistoryShardInfo.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt shard info", e);
    }
  }
}
