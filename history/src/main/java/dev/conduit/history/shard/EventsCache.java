package dev.conduit.history.shard;

import com.google.protobuf.ByteString;
import dev.conduit.persistence.execution.HistoryBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history batches this host committed last, per branch, so that the reads that follow a write (the poll response
 * of the workflow task just started, a query, a client's history long poll) do not read back from the store what was
 * just written there. Only batches whose write committed go in ({@link ShardContext} puts them after the conditional
 * write succeeded): a committed event never changes, and a write of the same event ids again (a branch's history
 * taken over after a conflict) replaces what was kept. Each branch keeps one contiguous chain of its latest batches;
 * a read is answered only when that chain holds every event it asks for, otherwise the store answers it.
 *
 * <p>One cache per history host, bounded by the bytes of the encoded batches it holds (least recently used branch
 * out first). A shard acquired again forgets what the host kept of it before: another host may have written
 * meanwhile.
 */
final class EventsCache {
  private final long maxBytes;
  private final int maxBatchesPerBranch;
  private final LinkedHashMap<ByteString, Chain> branches = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  /** The latest contiguous batches of one branch, written by one shard. */
  private static final class Chain {
    final int shardId;
    final ArrayDeque<HistoryBatch> batches = new ArrayDeque<>();
    long bytes;

    Chain(int shardId) {
      this.shardId = shardId;
    }
  }

  /**
   * @param maxBytes the encoded batches kept at most, over all branches
   * @param maxBatchesPerBranch the latest batches kept of one branch
   */
  EventsCache(long maxBytes, int maxBatchesPerBranch) {
    this.maxBytes = maxBytes;
    this.maxBatchesPerBranch = maxBatchesPerBranch;
  }

  /** A committed batch of {@code branchToken}, written by {@code shardId}. */
  synchronized void put(int shardId, byte[] branchToken, HistoryBatch batch) {
    if (batch.events().length > maxBytes / 4) {
      forget(ByteString.copyFrom(branchToken)); // too big to keep: what came before it no longer reaches the end
      return;
    }
    ByteString key = ByteString.copyFrom(branchToken);
    Chain chain = branches.get(key);
    if (chain == null || chain.shardId != shardId || chain.batches.getLast().lastEventId() + 1 != batch.firstEventId()) {
      // a new branch, or not the continuation of what is kept (a gap, or the same events written again): start over
      forget(key);
      chain = new Chain(shardId);
      branches.put(key, chain);
    }
    chain.batches.addLast(batch);
    chain.bytes += batch.events().length;
    bytes += batch.events().length;
    while (chain.batches.size() > maxBatchesPerBranch) {
      drop(chain, chain.batches.removeFirst());
    }
    evictOverBudget();
  }

  /**
   * The kept batches holding events {@code firstEventId .. nextEventId - 1} of the branch, in order (the first and last
   * may hold events outside the range), or null when the branch's kept chain does not hold all of them.
   */
  synchronized List<HistoryBatch> get(byte[] branchToken, long firstEventId, long nextEventId) {
    Chain chain = branches.get(ByteString.copyFrom(branchToken));
    if (chain == null || chain.batches.getFirst().firstEventId() > firstEventId
        || chain.batches.getLast().lastEventId() < nextEventId - 1) {
      return null;
    }
    List<HistoryBatch> found = new ArrayList<>();
    for (HistoryBatch batch : chain.batches) {
      if (batch.lastEventId() >= firstEventId && batch.firstEventId() < nextEventId) {
        found.add(batch);
      }
    }
    return found;
  }

  /** Forgets every branch {@code shardId} wrote: the shard was acquired again, and others may have written since. */
  synchronized void forgetShard(int shardId) {
    Iterator<Map.Entry<ByteString, Chain>> it = branches.entrySet().iterator();
    while (it.hasNext()) {
      Chain chain = it.next().getValue();
      if (chain.shardId == shardId) {
        bytes -= chain.bytes;
        it.remove();
      }
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  private void forget(ByteString key) {
    Chain chain = branches.remove(key);
    if (chain != null) {
      bytes -= chain.bytes;
    }
  }

  private void drop(Chain chain, HistoryBatch batch) {
    chain.bytes -= batch.events().length;
    bytes -= batch.events().length;
  }

  private void evictOverBudget() {
    Iterator<Chain> eldest = branches.values().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      Chain chain = eldest.next();
      bytes -= chain.bytes;
      eldest.remove();
    }
  }
}
