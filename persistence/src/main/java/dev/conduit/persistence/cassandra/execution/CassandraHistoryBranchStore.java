package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.history.HistoryBranchStore;
import dev.conduit.persistence.history.HistoryBranchTokens;
import dev.conduit.proto.persistence.v1.HistoryBranchRange;
import dev.conduit.proto.persistence.v1.HistoryBranchToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * History branches on Cassandra ({@code history_tree}, {@code history_tree_node}). A branch's row in
 * {@code history_tree} is written with its first own batch (or at the fork), in the same unlogged batch
 * of the tree's partition, so a new run costs no extra round trip.
 */
final class CassandraHistoryBranchStore implements HistoryBranchStore {
  private final HistoryTreeNodes nodes;

  CassandraHistoryBranchStore(HistoryTreeNodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public void append(byte[] branchToken, List<HistoryBatch> batches) {
    if (batches.isEmpty()) {
      return;
    }
    HistoryBranchToken branch = HistoryBranchTokens.decode(branchToken);
    long begin = HistoryBranchTokens.beginNodeId(branch);
    List<BatchableStatement<?>> statements = new ArrayList<>();
    for (HistoryBatch batch : batches) {
      if (batch.firstEventId() < begin) {
        throw new IllegalArgumentException("batch " + batch.firstEventId() + ".." + batch.lastEventId()
            + " starts below branch " + branch.getBranchId() + "'s first own event " + begin);
      }
      if (batch.firstEventId() == begin) {
        statements.add(nodes.insertBranch(branch));
      }
      statements.add(nodes.insertNode(branch, batch));
    }
    nodes.write("append history to branch " + branch.getBranchId() + " of tree " + branch.getTreeId(), statements);
  }

  @Override
  public HistoryPage read(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken) {
    HistoryBranchToken branch = HistoryBranchTokens.decode(branchToken);
    if (pageToken != null) {
      return read(branch, HistoryPageToken.decode(pageToken).nextEventId(), nextEventId, pageSize, true);
    }
    HistoryPage page = read(branch, fromEventId, nextEventId, pageSize, false);
    if (fromEventId < nextEventId && (page.batches().isEmpty() || page.batches().get(0).firstEventId() > fromEventId)) {
      // fromEventId lies inside a batch (one that wrote a retried workflow task's events with its completion, say):
      // the page starts with that batch, and the caller drops the events before fromEventId
      long start = batchStartBefore(branch, fromEventId);
      if (start > 0) {
        return read(branch, start, nextEventId, pageSize, false);
      }
    }
    return page;
  }

  private HistoryPage read(HistoryBranchToken branch, long from, long nextEventId, int pageSize, boolean fromToken) {
    HistoryBatchSelector selector =
        new HistoryBatchSelector("tree " + branch.getTreeId() + " branch " + branch.getBranchId(), from, nextEventId,
            fromToken, pageSize);
    if (from >= nextEventId) {
      return new HistoryPage(List.of(), null);
    }
    for (HistoryBranchRange range : ranges(branch)) {
      long min = Math.max(from, range.getBeginNodeId());
      long max = Math.min(nextEventId, range.getEndNodeId());
      if (min >= max) {
        continue;
      }
      if (!nodes.offerNodes(branch.getTreeId(), range.getBranchId(), min, max, pageSize, selector)) {
        break;
      }
    }
    return new HistoryPage(selector.batches(), selector.nextPageToken());
  }

  /** The first event id of the last batch that starts before {@code eventId}, on the range holding it; -1 if none. */
  private long batchStartBefore(HistoryBranchToken branch, long eventId) {
    for (HistoryBranchRange range : ranges(branch)) {
      if (range.getBeginNodeId() <= eventId && eventId < range.getEndNodeId()) {
        return eventId == range.getBeginNodeId() ? -1
            : nodes.lastNodeBefore(branch.getTreeId(), range.getBranchId(), range.getBeginNodeId(), eventId);
      }
    }
    return -1;
  }

  /** The branch's own range and its ancestors', each with the node ids it holds, oldest first. */
  private static List<HistoryBranchRange> ranges(HistoryBranchToken branch) {
    List<HistoryBranchRange> ranges = new ArrayList<>(branch.getAncestorsList());
    ranges.add(HistoryBranchRange.newBuilder().setBranchId(branch.getBranchId())
        .setBeginNodeId(HistoryBranchTokens.beginNodeId(branch)).setEndNodeId(Long.MAX_VALUE).build());
    return ranges;
  }

  @Override
  public byte[] fork(byte[] baseToken, long forkNodeId) {
    HistoryBranchToken base = HistoryBranchTokens.decode(baseToken);
    HistoryBranchToken fork = HistoryBranchTokens.fork(base, forkNodeId);
    checkBatchBoundary(baseToken, base, forkNodeId);
    nodes.write("fork branch " + base.getBranchId() + " of tree " + base.getTreeId() + " at " + forkNodeId,
        List.of(nodes.insertBranch(fork)));
    return fork.toByteArray();
  }

  /** A fork point inside a batch would share part of a batch, which nodes cannot express. */
  private void checkBatchBoundary(byte[] baseToken, HistoryBranchToken base, long forkNodeId) {
    long lastEventId = 0;
    byte[] token = null;
    do {
      HistoryPage page = read(baseToken, 1, forkNodeId, 1000, token);
      if (!page.batches().isEmpty()) {
        lastEventId = page.batches().get(page.batches().size() - 1).lastEventId();
      }
      token = page.nextPageToken();
    } while (token != null);
    if (lastEventId != forkNodeId - 1) {
      throw new IllegalArgumentException("cannot fork branch " + base.getBranchId() + " at " + forkNodeId
          + ": it is not a batch boundary of its committed history (last batch ends at " + lastEventId + ")");
    }
  }

  @Override
  public void delete(byte[] branchToken) {
    HistoryBranchToken branch = HistoryBranchTokens.decode(branchToken);
    String treeId = branch.getTreeId();
    Map<String, Long> neededBelow = new HashMap<>(); // per branch id: others need its nodes below this id
    List<String> live = new ArrayList<>();
    for (ByteBuffer stored : nodes.branches(treeId)) {
      HistoryBranchToken other = HistoryBranchTokens.decode(ExecutionsTable.bytes(stored));
      if (other.getBranchId().equals(branch.getBranchId())) {
        continue;
      }
      live.add(other.getBranchId());
      for (HistoryBranchRange range : other.getAncestorsList()) {
        neededBelow.merge(range.getBranchId(), range.getEndNodeId(), Math::max);
      }
    }
    String operation = "delete branch " + branch.getBranchId() + " of tree " + treeId;
    if (live.isEmpty()) {
      nodes.write(operation, nodes.deleteTree(treeId));
      return;
    }
    List<BatchableStatement<?>> statements = new ArrayList<>();
    statements.add(nodes.deleteBranch(treeId, branch.getBranchId()));
    statements.add(nodes.deleteNodesFrom(treeId, branch.getBranchId(), neededBelow.getOrDefault(branch.getBranchId(), 1L)));
    // ancestors that are no branch of their own any more (deleted before) lose what nobody shares now
    for (int i = branch.getAncestorsCount() - 1; i >= 0; i--) {
      String ancestor = branch.getAncestors(i).getBranchId();
      if (live.contains(ancestor)) {
        break;
      }
      statements.add(nodes.deleteNodesFrom(treeId, ancestor, neededBelow.getOrDefault(ancestor, 1L)));
    }
    nodes.write(operation, statements);
  }
}
