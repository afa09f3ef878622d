package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ShardStore;
import dev.conduit.persistence.history.HistoryBranchStore;
import dev.conduit.persistence.resilience.PersistenceRetry;
import dev.conduit.persistence.resilience.RetryingExecutionStore;
import dev.conduit.persistence.resilience.RetryingHistoryBranchStore;
import dev.conduit.persistence.resilience.RetryingShardStore;

/**
 * Builds the Cassandra shard and execution stores of one session: statements are prepared once here, and
 * the stores handed out are wrapped in the retry policy, the only place persistence calls are repeated.
 */
public final class CassandraExecutionStores {
  private final ShardStore shardStore;
  private final ExecutionStore executionStore;
  private final HistoryBranchStore historyBranchStore;

  private CassandraExecutionStores(ShardStore shardStore, ExecutionStore executionStore, HistoryBranchStore historyBranchStore) {
    this.shardStore = shardStore;
    this.executionStore = executionStore;
    this.historyBranchStore = historyBranchStore;
  }

  /** {@code session} is bound to the cluster's keyspace, at schema version 5 or later. */
  public static CassandraExecutionStores open(CqlSession session) {
    return open(session, PersistenceRetry.defaults());
  }

  public static CassandraExecutionStores open(CqlSession session, PersistenceRetry retry) {
    CqlExecutor cql = new CqlExecutor(session);
    ShardStore shards = new CassandraShardStore(cql, new ShardRows(cql));
    HistoryBranchStore branches = new CassandraHistoryBranchStore(new HistoryTreeNodes(cql));
    ExecutionStore executions = new CassandraExecutionStore(cql, new ExecutionRows(cql), new TaskRows(cql), branches);
    return new CassandraExecutionStores(new RetryingShardStore(shards, retry), new RetryingExecutionStore(executions, retry),
        new RetryingHistoryBranchStore(branches, retry));
  }

  public ShardStore shardStore() {
    return shardStore;
  }

  public ExecutionStore executionStore() {
    return executionStore;
  }

  public HistoryBranchStore historyBranchStore() {
    return historyBranchStore;
  }
}
