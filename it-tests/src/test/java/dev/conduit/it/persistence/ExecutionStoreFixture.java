package dev.conduit.it.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.execution.CassandraExecutionStores;
import dev.conduit.persistence.cassandra.schema.SchemaCatalog;
import dev.conduit.persistence.cassandra.schema.SchemaTool;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.ShardStore;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import dev.conduit.persistence.history.HistoryBranchStore;
import dev.conduit.proto.persistence.v1.HistoryBranchToken;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh keyspace at the latest schema on the launcher's real Cassandra, with the Cassandra execution
 * stores on it, for one test class; and builders of the writes the tests send. Each test takes its own
 * shard id so that tests never see each other's rows.
 */
final class ExecutionStoreFixture implements AutoCloseable {
  static final int RUNNING_STATUS = 1;
  static final int COMPLETED_STATUS = 2;

  private final String keyspace;
  private final CqlSession admin;
  private final CqlSession session;
  private final CassandraExecutionStores stores;
  private final AtomicInteger nextShardId = new AtomicInteger(1);

  private ExecutionStoreFixture(String keyspace, CqlSession admin, CqlSession session) {
    this.keyspace = keyspace;
    this.admin = admin;
    this.session = session;
    this.stores = CassandraExecutionStores.open(session);
  }

  static ExecutionStoreFixture start() {
    RealServers.require(LocalDependencies.CASSANDRA);
    String keyspace = "conduit_it_exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    CassandraSettings settings = CassandraSettings.local("127.0.0.1:" + LocalDependencies.CASSANDRA_PORT, keyspace);
    CqlSession admin = CqlSessions.openWithoutKeyspace(settings);
    CqlSession session = null;
    try {
      new SchemaTool(admin, keyspace, SchemaCatalog.clusterKeyspace()).setup(CassandraSettings.DEFAULT_DATACENTER, 1);
      session = CqlSessions.open(settings);
      return new ExecutionStoreFixture(keyspace, admin, session);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      admin.execute("DROP KEYSPACE IF EXISTS " + keyspace);
      admin.close();
      throw e;
    }
  }

  ShardStore shards() {
    return stores.shardStore();
  }

  ExecutionStore executions() {
    return stores.executionStore();
  }

  HistoryBranchStore branches() {
    return stores.historyBranchStore();
  }

  /** Rows of a history tree in both history tables, counted with raw CQL behind the stores' back. */
  long historyRows(String treeId) {
    return session.execute(SimpleStatement.newInstance("SELECT count(*) FROM history_tree_node WHERE tree_id = ?", treeId)).one().getLong(0)
        + session.execute(SimpleStatement.newInstance("SELECT count(*) FROM history_tree WHERE tree_id = ?", treeId)).one().getLong(0);
  }

  /** A shard no other test uses. */
  int newShard() {
    return nextShardId.getAndIncrement();
  }

  /** Rows of the shard's partition of the given row type, counted with raw CQL behind the stores' back. */
  long rowsOfType(int shardId, int type) {
    return session.execute(SimpleStatement.newInstance("SELECT count(*) FROM executions WHERE shard_id = ? AND type = ?", shardId, type))
        .one().getLong(0);
  }

  static WorkflowKey newRun(String workflowId) {
    return new WorkflowKey("ns-it", workflowId, UUID.randomUUID().toString());
  }

  static WorkflowSnapshot snapshot(WorkflowKey key, ExecutionState state, long nextEventId, long dbVersion, String mutableState) {
    int status = state == ExecutionState.COMPLETED ? COMPLETED_STATUS : RUNNING_STATUS;
    return new WorkflowSnapshot(key, state, status, nextEventId, 7L, dbVersion, "req-" + key.runId(), bytes(mutableState));
  }

  static WorkflowWrite write(WorkflowSnapshot snapshot, long rangeId, long expectedDbVersion, List<HistoryBatch> events) {
    return new WorkflowWrite(snapshot, rangeId, expectedDbVersion, branchOf(snapshot.key()), events, List.of(), List.of());
  }

  static WorkflowWrite write(
      WorkflowSnapshot snapshot, long rangeId, long expectedDbVersion, List<HistoryBatch> events,
      List<TransferTaskRecord> transfer, List<TimerTaskRecord> timers) {
    return new WorkflowWrite(snapshot, rangeId, expectedDbVersion, branchOf(snapshot.key()), events, transfer, timers);
  }

  /** The root history branch these tests give a run: tree and branch named after the run id. */
  static byte[] branchOf(WorkflowKey key) {
    return HistoryBranchToken.newBuilder().setTreeId(key.runId()).setBranchId(key.runId()).build().toByteArray();
  }

  static HistoryBatch events(long first, long last, long txnId) {
    return new HistoryBatch(first, last, txnId, bytes("events " + first + ".." + last + " txn " + txnId));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    session.close();
    admin.execute("DROP KEYSPACE IF EXISTS " + keyspace);
    admin.close();
  }
}
