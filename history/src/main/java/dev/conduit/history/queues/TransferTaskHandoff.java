package dev.conduit.history.queues;

import dev.conduit.persistence.execution.TransferTaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transfer tasks this host's writes committed, handed to the shard's transfer queue in memory so that the queue
 * need not read back from the store what was just written (one read per transaction with transfer tasks).
 *
 * <p>The store stays the source of truth. The hand-off answers only above {@code storeLevel}, the id up to which
 * tasks may be in the store without being here: at first the ids of earlier owners (below this host's range); then
 * the ids of any write whose outcome is unknown (it failed, and may or may not have committed) and of any task dropped
 * because the queue had not taken it while the hand-off was full. Below that level the queue reads the store as it
 * always did. Writers add their tasks before their ids stop holding back the queue's read level, so nothing the queue
 * may read is missing here when it asks.
 */
public final class TransferTaskHandoff {
  private final int capacity;
  private final TreeMap<Long, TransferTaskRecord> committed = new TreeMap<>();
  private long storeLevel;

  /**
   * @param storeLevel tasks up to this id may be in the store only (the ids allocated before this host's range)
   * @param capacity tasks kept for a queue that does not take them; past it the oldest go and are read from the store
   */
  public TransferTaskHandoff(long storeLevel, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.storeLevel = storeLevel;
    this.capacity = capacity;
  }

  /** A write committed these tasks. */
  public synchronized void committed(List<TransferTaskRecord> tasks) {
    for (TransferTaskRecord task : tasks) {
      if (task.taskId() > storeLevel) {
        committed.put(task.taskId(), task);
      }
    }
    while (committed.size() > capacity) {
      raiseStoreLevel(committed.firstKey());
    }
  }

  /** A write of tasks with these ids failed: they may or may not be in the store. */
  public synchronized void outcomeUnknown(List<Long> taskIds) {
    taskIds.stream().mapToLong(Long::longValue).max().ifPresent(this::raiseStoreLevel);
  }

  /**
   * The committed tasks with {@code readLevel < id <= maxReadLevel}, at most {@code limit}, in id order, taken out
   * of the hand-off; or null when the store must be read, because tasks above {@code readLevel} may be there only.
   * Fewer than {@code limit} means there is no other task in that range.
   */
  public synchronized List<TransferTaskRecord> take(long readLevel, long maxReadLevel, int limit) {
    if (readLevel < storeLevel) {
      return null;
    }
    committed.headMap(readLevel, true).clear(); // read from the store already
    List<TransferTaskRecord> taken = new ArrayList<>(Math.min(limit, committed.size()));
    Map<Long, TransferTaskRecord> range = committed.subMap(readLevel, false, maxReadLevel, true);
    var it = range.values().iterator();
    while (it.hasNext() && taken.size() < limit) {
      taken.add(it.next());
      it.remove();
    }
    return taken;
  }

  /** Tasks held for the queue. */
  public synchronized int size() {
    return committed.size();
  }

  private void raiseStoreLevel(long taskId) {
    if (taskId > storeLevel) {
      storeLevel = taskId;
      committed.headMap(storeLevel, true).clear();
    }
  }
}
