package dev.conduit.persistence.matching;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.cassandra.CassandraErrors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link TaskQueueStore} on the {@code task_queues} table (schema v3): the lease and ack level are the
 * partition's static columns, tasks its clustering rows, so task inserts and the {@code range_id}
 * condition go in one single-partition conditional batch. Consistency levels are the session's (the
 * datastore's configured ones); driver errors are classified by {@link CassandraErrors}, so a conditional
 * write that may have been applied fails with {@link dev.conduit.persistence.OutcomeUnknownException}.
 */
public final class CassandraTaskQueueStore implements TaskQueueStore {
  private static final String KEY = "namespace_id = ? AND task_queue_name = ? AND task_queue_type = ? AND task_queue_kind = ?";
  private static final int MAX_LEASE_ATTEMPTS = 10;

  private final CqlSession session;
  private final Clock clock;
  private final ConsistencyLevel serialConsistency;
  private final PreparedStatement selectLease;
  private final PreparedStatement insertLease;
  private final PreparedStatement bumpRange;
  private final PreparedStatement insertTask;
  private final PreparedStatement checkRange;
  private final PreparedStatement selectTasks;
  private final PreparedStatement updateAckLevel;
  private final PreparedStatement deleteTasks;

  /** {@code session} is bound to the cluster's keyspace, at schema version 3 or later. */
  public CassandraTaskQueueStore(CqlSession session, Clock clock) {
    this.session = session;
    this.clock = clock;
    this.serialConsistency = DefaultConsistencyLevel.valueOf(
        session.getContext().getConfig().getDefaultProfile().getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY));
    selectLease = session.prepare("SELECT range_id, ack_level, lease_owner FROM task_queues WHERE " + KEY + " LIMIT 1");
    insertLease = session.prepare(
        "INSERT INTO task_queues (namespace_id, task_queue_name, task_queue_type, task_queue_kind, range_id, ack_level, lease_owner, lease_time)"
            + " VALUES (?, ?, ?, ?, 1, 0, ?, ?) IF NOT EXISTS");
    bumpRange = session.prepare("UPDATE task_queues SET range_id = ?, lease_owner = ?, lease_time = ? WHERE " + KEY + " IF range_id = ?");
    insertTask = session.prepare(
        "INSERT INTO task_queues (namespace_id, task_queue_name, task_queue_type, task_queue_kind, task_id,"
            + " workflow_id, run_id, scheduled_event_id, create_time, expiry_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // rewriting range_id with its own value is how a batch carries the lease condition
    checkRange = session.prepare("UPDATE task_queues SET range_id = ? WHERE " + KEY + " IF range_id = ?");
    selectTasks = session.prepare(
        "SELECT task_id, workflow_id, run_id, scheduled_event_id, create_time, expiry_time FROM task_queues WHERE " + KEY
            + " AND task_id > ? AND task_id <= ? LIMIT ?");
    updateAckLevel = session.prepare("UPDATE task_queues SET ack_level = ?, lease_time = ? WHERE " + KEY + " IF range_id = ?");
    deleteTasks = session.prepare("DELETE FROM task_queues WHERE " + KEY + " AND task_id <= ?");
  }

  @Override
  public TaskQueueLease acquireLease(TaskQueueId queue, String owner) {
    for (int attempt = 0; attempt < MAX_LEASE_ATTEMPTS; attempt++) {
      Optional<TaskQueueLeaseRecord> current = readLease(queue);
      if (current.isEmpty()) {
        ResultSet inserted = conditional(insertLease.bind(args(key(queue), owner, clock.instant())));
        if (inserted.wasApplied()) {
          return new TaskQueueLease(queue, 1, 0);
        }
        continue; // another manager created the row first: bump it like an existing one
      }
      long rangeId = current.get().rangeId();
      ResultSet bumped = conditional(bumpRange.bind(args(rangeId + 1, owner, clock.instant(), key(queue), rangeId)));
      if (bumped.wasApplied()) {
        return new TaskQueueLease(queue, rangeId + 1, current.get().ackLevel());
      }
    }
    throw new PersistenceException("task queue " + queue + ": lease still contended after " + MAX_LEASE_ATTEMPTS + " attempts", true);
  }

  @Override
  public TaskQueueLease renewRange(TaskQueueId queue, long rangeId, String owner) {
    ResultSet result = conditional(bumpRange.bind(args(rangeId + 1, owner, clock.instant(), key(queue), rangeId)));
    if (!result.wasApplied()) {
      throw leaseLost(queue, rangeId, result);
    }
    return new TaskQueueLease(queue, rangeId + 1, readLease(queue).map(TaskQueueLeaseRecord::ackLevel).orElse(0L));
  }

  @Override
  public Optional<TaskQueueLeaseRecord> readLease(TaskQueueId queue) {
    Row row = plain(selectLease.bind(key(queue)).setConsistencyLevel(serialConsistency)).one();
    if (row == null || row.isNull("range_id")) {
      return Optional.empty();
    }
    return Optional.of(new TaskQueueLeaseRecord(row.getLong("range_id"), row.isNull("ack_level") ? 0 : row.getLong("ack_level"),
        row.getString("lease_owner")));
  }

  @Override
  public void createTasks(TaskQueueId queue, long rangeId, List<TaskRecord> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    for (TaskRecord task : tasks) {
      BoundStatement insert = insertTask.bind(args(key(queue), task.taskId(), task.workflowId(), task.runId(),
          task.scheduledEventId(), task.createTime(), task.expiryTime()));
      // an unset column writes nothing; a bound null would write a tombstone
      batch.addStatement(task.expiryTime() == null ? insert.unset("expiry_time") : insert);
    }
    batch.addStatement(checkRange.bind(args(rangeId, key(queue), rangeId)));
    ResultSet result = conditional(batch.build());
    if (!result.wasApplied()) {
      throw leaseLost(queue, rangeId, result);
    }
  }

  @Override
  public List<TaskRecord> readTasks(TaskQueueId queue, long exclusiveMinId, long inclusiveMaxId, int limit) {
    List<TaskRecord> tasks = new ArrayList<>();
    Statement<?> select = selectTasks.bind(args(key(queue), exclusiveMinId, inclusiveMaxId, limit)).setIdempotent(true);
    for (Row row : CassandraErrors.plain("read tasks of " + queue, () -> session.execute(select).all())) {
      if (row.isNull("task_id")) {
        continue; // the partition's static row alone
      }
      tasks.add(new TaskRecord(row.getLong("task_id"), row.getString("workflow_id"), row.getString("run_id"),
          row.getLong("scheduled_event_id"), row.getInstant("create_time"), row.getInstant("expiry_time")));
    }
    return tasks;
  }

  @Override
  public void updateAckLevel(TaskQueueId queue, long rangeId, long ackLevel) {
    ResultSet result = conditional(updateAckLevel.bind(args(ackLevel, clock.instant(), key(queue), rangeId)));
    if (!result.wasApplied()) {
      throw leaseLost(queue, rangeId, result);
    }
  }

  @Override
  public void deleteTasksUpTo(TaskQueueId queue, long inclusiveMaxId) {
    plain(deleteTasks.bind(args(key(queue), inclusiveMaxId)));
  }

  /** A read (its rows fetched here, under the same translation) or a plain write. */
  private ResultSet plain(Statement<?> statement) {
    return CassandraErrors.plain("task queue store", () -> session.execute(statement.setIdempotent(true)));
  }

  /** A lightweight transaction, never repeated by the driver on its own. */
  private ResultSet conditional(Statement<?> statement) {
    return CassandraErrors.conditional("task queue store", () -> session.execute(statement.setIdempotent(false)));
  }

  private static TaskQueueLeaseLostException leaseLost(TaskQueueId queue, long expected, ResultSet refused) {
    // a refused conditional write answers the current values of the columns in its condition
    Row row = refused.one();
    long actual = row == null || row.isNull("range_id") ? -1 : row.getLong("range_id");
    return new TaskQueueLeaseLostException(queue, expected, actual);
  }

  private static Object[] key(TaskQueueId queue) {
    return new Object[] {queue.namespaceId(), queue.name(), queue.type().getNumber(), queue.kind()};
  }

  /** Bind values in order; an {@code Object[]} among them (a key) is spread in place. */
  private static Object[] args(Object... parts) {
    List<Object> all = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Object[] spread) {
        all.addAll(Arrays.asList(spread));
      } else {
        all.add(part);
      }
    }
    return all.toArray();
  }
}
