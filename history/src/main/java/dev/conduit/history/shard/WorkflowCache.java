package dev.conduit.history.shard;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-workflow locks and the last committed mutable state of recently used runs of one shard. Every
 * change of a run happens under its lock, so changes of one run are serialized on this host; the
 * conditional write (db version) catches anyone else.
 */
final class WorkflowCache {
  private final int shardId;
  private final ExecutionStore store;
  private final int capacity;
  private final LinkedHashMap<WorkflowKey, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);

  /** A committed state and the db version it was stored with. */
  record Committed(MutableStateRecord state, long dbVersion) {}

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    Committed committed;
    int leases;
  }

  WorkflowCache(int shardId, ExecutionStore store, int capacity) {
    this.shardId = shardId;
    this.store = store;
    this.capacity = capacity;
  }

  /** Locks the run; the lease must be closed. */
  Lease lock(WorkflowKey key) {
    Slot slot;
    synchronized (slots) {
      slot = slots.computeIfAbsent(key, k -> new Slot());
      slot.leases++;
    }
    slot.lock.lock();
    return new Lease(key, slot);
  }

  /** Exclusive use of one run's cached state. */
  final class Lease implements AutoCloseable {
    private final WorkflowKey key;
    private final Slot slot;

    private Lease(WorkflowKey key, Slot slot) {
      this.key = key;
      this.slot = slot;
    }

    /** The committed state, read from the store when not cached. */
    Committed load() {
      if (slot.committed == null) {
        Optional<WorkflowSnapshot> snapshot = store.getWorkflowExecution(shardId, key);
        if (snapshot.isEmpty()) {
          throw new EntityNotFoundException("workflow execution not found: " + key.workflowId() + "/" + key.runId());
        }
        slot.committed = new Committed(MutableState.decode(snapshot.get().mutableState()).snapshot(),
            snapshot.get().dbVersion());
      }
      return slot.committed;
    }

    void put(Committed committed) {
      slot.committed = committed;
    }

    /** The stored state may differ from the cached one (conflict, unknown write outcome): reload next time. */
    void invalidate() {
      slot.committed = null;
    }

    @Override
    public void close() {
      slot.lock.unlock();
      synchronized (slots) {
        slot.leases--;
        trim();
      }
    }
  }

  void clear() {
    synchronized (slots) {
      slots.values().forEach(slot -> slot.committed = null);
    }
  }

  private void trim() {
    Iterator<Map.Entry<WorkflowKey, Slot>> eldest = slots.entrySet().iterator();
    while (slots.size() > capacity && eldest.hasNext()) {
      if (eldest.next().getValue().leases == 0) {
        eldest.remove();
      }
    }
  }
}
