package dev.conduit.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.ReplayComparison;
import dev.conduit.history.workflow.Replayer;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.persistence.cassandra.execution.CassandraExecutionStores;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay equivalence on real work: every run stored in a cluster's keyspace is rebuilt by replaying its
 * stored history through the history service's apply functions ({@link Replayer}) and compared field by
 * field with its stored mutable state; the fields no event carries are left out as
 * {@link ReplayComparison#UNDERIVABLE} lists them, with the reason.
 */
public final class ReplayEquivalence {
  private static final int PAGE_SIZE = 100;

  private ReplayEquivalence() {}

  /**
   * Checks every run of the keyspace; returns how many it checked.
   *
   * @throws AssertionError listing each run whose replay differs from its stored state
   */
  public static int verify(CassandraSettings settings) {
    List<String> failures = new ArrayList<>();
    int runs = 0;
    try (CqlSession session = CqlSessions.open(settings)) {
      ExecutionStore store = CassandraExecutionStores.open(session).executionStore();
      for (Row row : session.execute("SELECT namespace_id, workflow_id, run_id, mutable_state FROM executions"
          + " WHERE type = 1 ALLOW FILTERING")) {
        WorkflowKey key = new WorkflowKey(row.getString("namespace_id"), row.getString("workflow_id"),
            row.getString("run_id"));
        ByteBuffer blob = row.getByteBuffer("mutable_state");
        byte[] bytes = new byte[blob.remaining()];
        blob.get(bytes);
        MutableStateRecord stored = MutableState.decode(bytes).snapshot();
        runs++;
        try {
          List<HistoryEvent> history = history(store, HistoryPages.branchOf(stored), stored.getNextEventId());
          List<HistoryEvent> buffered = stored.getBufferedEventsList().stream().map(Events::decode).toList();
          List<String> differences = ReplayComparison.differences(stored,
              Replayer.replay(key, history, buffered).snapshot());
          if (!differences.isEmpty()) {
            failures.add(key + ": " + differences);
          }
        } catch (RuntimeException e) {
          failures.add(key + ": replay failed: " + e);
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " of " + runs + " runs do not replay to their stored state:\n  "
          + String.join("\n  ", failures));
    }
    return runs;
  }

  private static List<HistoryEvent> history(ExecutionStore store, byte[] branchToken, long nextEventId) {
    List<HistoryEvent> events = new ArrayList<>();
    byte[] token = null;
    do {
      HistoryPage page = store.readHistory(branchToken, 1, nextEventId, PAGE_SIZE, token);
      for (HistoryBatch batch : page.batches()) {
        events.addAll(Events.decodeBatch(batch.events()));
      }
      token = page.nextPageToken();
    } while (token != null);
    return events;
  }
}
