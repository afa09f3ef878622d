package dev.conduit.persistence.matching;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.persistence.resilience.PersistenceRetry;
import java.time.Clock;

/** Builds the task queue store matching runs on: Cassandra, wrapped in retries, in one place. */
public final class TaskQueueStores {
  private TaskQueueStores() {}

  public static TaskQueueStore cassandra(CqlSession session, Clock clock) {
    return new RetryingTaskQueueStore(new CassandraTaskQueueStore(session, clock), PersistenceRetry.defaults());
  }
}
