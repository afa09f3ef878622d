package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraErrors;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.proto.persistence.v1.HistoryBranchToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements on {@code history_tree} (one row per live branch) and {@code history_tree_node}
 * (batches of events per branch); all rows of one tree share one partition.
 */
final class HistoryTreeNodes {
  /** Rows fetched per round trip when reading; orphans make a page need a few more rows than batches. */
  private static final int MAX_FETCH_SIZE = 1000;

  private final CqlExecutor cql;
  private final PreparedStatement insertNode;
  private final PreparedStatement selectNodes;
  private final PreparedStatement selectNodeBefore;
  private final PreparedStatement deleteNodesFrom;
  private final PreparedStatement deleteTreeNodes;
  private final PreparedStatement insertBranch;
  private final PreparedStatement selectBranches;
  private final PreparedStatement deleteBranch;
  private final PreparedStatement deleteTreeBranches;

  HistoryTreeNodes(CqlExecutor cql) {
    this.cql = cql;
    insertNode = cql.prepare("INSERT INTO history_tree_node (tree_id, branch_id, node_id, txn_id, last_event_id, data)"
        + " VALUES (:tree_id, :branch_id, :node_id, :txn_id, :last_event_id, :data)");
    selectNodes = cql.prepare("SELECT node_id, txn_id, last_event_id, data FROM history_tree_node"
        + " WHERE tree_id = :tree_id AND branch_id = :branch_id AND node_id >= :min_node_id AND node_id < :max_node_id");
    selectNodeBefore = cql.prepare("SELECT node_id FROM history_tree_node"
        + " WHERE tree_id = :tree_id AND branch_id = :branch_id AND node_id >= :min_node_id AND node_id < :max_node_id"
        + " ORDER BY branch_id DESC, node_id DESC, txn_id ASC LIMIT 1");
    deleteNodesFrom = cql.prepare(
        "DELETE FROM history_tree_node WHERE tree_id = :tree_id AND branch_id = :branch_id AND node_id >= :min_node_id");
    deleteTreeNodes = cql.prepare("DELETE FROM history_tree_node WHERE tree_id = :tree_id");
    insertBranch = cql.prepare("INSERT INTO history_tree (tree_id, branch_id, branch_token) VALUES (:tree_id, :branch_id, :branch_token)");
    selectBranches = cql.prepare("SELECT branch_token FROM history_tree WHERE tree_id = :tree_id");
    deleteBranch = cql.prepare("DELETE FROM history_tree WHERE tree_id = :tree_id AND branch_id = :branch_id");
    deleteTreeBranches = cql.prepare("DELETE FROM history_tree WHERE tree_id = :tree_id");
  }

  BoundStatement insertNode(HistoryBranchToken branch, HistoryBatch batch) {
    return insertNode.boundStatementBuilder()
        .setString("tree_id", branch.getTreeId())
        .setString("branch_id", branch.getBranchId())
        .setLong("node_id", batch.firstEventId())
        .setLong("txn_id", batch.txnId())
        .setLong("last_event_id", batch.lastEventId())
        .setByteBuffer("data", ByteBuffer.wrap(batch.events()))
        .build();
  }

  BoundStatement insertBranch(HistoryBranchToken branch) {
    return insertBranch.boundStatementBuilder()
        .setString("tree_id", branch.getTreeId())
        .setString("branch_id", branch.getBranchId())
        .setByteBuffer("branch_token", ByteBuffer.wrap(branch.toByteArray()))
        .build();
  }

  /** Writes statements of one tree's partition: one alone, several as an unlogged batch. */
  void write(String operation, List<BatchableStatement<?>> statements) {
    if (statements.size() == 1) {
      cql.write(operation, statements.get(0));
    } else if (!statements.isEmpty()) {
      cql.write(operation, BatchStatement.newInstance(DefaultBatchType.UNLOGGED).addAll(statements));
    }
  }

  /**
   * Offers the rows of {@code branchId} with node ids in {@code [min, max)} to the selector, in clustering
   * order; returns false once the selector wants no more.
   */
  boolean offerNodes(String treeId, String branchId, long min, long max, int pageSize, HistoryBatchSelector selector) {
    BoundStatement statement = selectNodes.boundStatementBuilder()
        .setString("tree_id", treeId)
        .setString("branch_id", branchId)
        .setLong("min_node_id", min)
        .setLong("max_node_id", max)
        .setPageSize(Math.min(MAX_FETCH_SIZE, pageSize + 2))
        .build();
    String operation = "read history branch " + branchId + " of tree " + treeId;
    try {
      // iterating fetches further driver pages on demand; the selector stops once it has seen one batch too many
      for (Row row : cql.read(operation, statement)) {
        byte[] data = ExecutionsTable.bytes(row.getByteBuffer("data"));
        HistoryBatch batch = new HistoryBatch(row.getLong("node_id"), row.getLong("last_event_id"), row.getLong("txn_id"), data);
        if (!selector.offer(batch)) {
          return false;
        }
      }
    } catch (DriverException e) {
      throw CassandraErrors.translate(operation, e, false);
    }
    return true;
  }

  /** The greatest node id of {@code branchId} in {@code [min, max)}, or -1 if it has none there. */
  long lastNodeBefore(String treeId, String branchId, long min, long max) {
    BoundStatement statement = selectNodeBefore.boundStatementBuilder()
        .setString("tree_id", treeId)
        .setString("branch_id", branchId)
        .setLong("min_node_id", min)
        .setLong("max_node_id", max)
        .build();
    List<Row> rows = cql.readAll("find the batch before node " + max + " of branch " + branchId + " of tree " + treeId, statement);
    return rows.isEmpty() ? -1 : rows.get(0).getLong("node_id");
  }

  List<ByteBuffer> branches(String treeId) {
    List<ByteBuffer> tokens = new ArrayList<>();
    for (Row row : cql.readAll("read branches of history tree " + treeId,
        selectBranches.boundStatementBuilder().setString("tree_id", treeId).build())) {
      tokens.add(row.getByteBuffer("branch_token"));
    }
    return tokens;
  }

  BoundStatement deleteBranch(String treeId, String branchId) {
    return deleteBranch.boundStatementBuilder().setString("tree_id", treeId).setString("branch_id", branchId).build();
  }

  BoundStatement deleteNodesFrom(String treeId, String branchId, long minNodeId) {
    return deleteNodesFrom.boundStatementBuilder()
        .setString("tree_id", treeId).setString("branch_id", branchId).setLong("min_node_id", minNodeId).build();
  }

  List<BatchableStatement<?>> deleteTree(String treeId) {
    return List.of(
        deleteTreeNodes.boundStatementBuilder().setString("tree_id", treeId).build(),
        deleteTreeBranches.boundStatementBuilder().setString("tree_id", treeId).build());
  }
}
