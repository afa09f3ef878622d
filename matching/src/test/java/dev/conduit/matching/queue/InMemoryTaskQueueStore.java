package dev.conduit.matching.queue;

import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLease;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.persistence.matching.TaskQueueLeaseRecord;
import dev.conduit.persistence.matching.TaskQueueStore;
import dev.conduit.persistence.matching.TaskRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A task queue store in memory with the Cassandra store's fencing, for unit tests of the matcher. */
public final class InMemoryTaskQueueStore implements TaskQueueStore {
  private final Map<TaskQueueId, Row> rows = new HashMap<>();
  private int createCalls;

  @Override
  public synchronized TaskQueueLease acquireLease(TaskQueueId queue, String owner) {
    Row row = rows.computeIfAbsent(queue, q -> new Row());
    row.rangeId++;
    row.owner = owner;
    return new TaskQueueLease(queue, row.rangeId, row.ackLevel);
  }

  @Override
  public synchronized TaskQueueLease renewRange(TaskQueueId queue, long rangeId, String owner) {
    Row row = fenced(queue, rangeId);
    row.rangeId++;
    row.owner = owner;
    return new TaskQueueLease(queue, row.rangeId, row.ackLevel);
  }

  @Override
  public synchronized Optional<TaskQueueLeaseRecord> readLease(TaskQueueId queue) {
    Row row = rows.get(queue);
    return row == null ? Optional.empty() : Optional.of(new TaskQueueLeaseRecord(row.rangeId, row.ackLevel, row.owner));
  }

  @Override
  public synchronized void createTasks(TaskQueueId queue, long rangeId, List<TaskRecord> tasks) {
    Row row = fenced(queue, rangeId);
    createCalls++;
    tasks.forEach(task -> row.tasks.put(task.taskId(), task));
  }

  @Override
  public synchronized List<TaskRecord> readTasks(TaskQueueId queue, long exclusiveMinId, long inclusiveMaxId, int limit) {
    Row row = rows.get(queue);
    if (row == null || exclusiveMinId >= inclusiveMaxId) {
      return List.of();
    }
    return row.tasks.subMap(exclusiveMinId, false, inclusiveMaxId, true).values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void updateAckLevel(TaskQueueId queue, long rangeId, long ackLevel) {
    fenced(queue, rangeId).ackLevel = ackLevel;
  }

  @Override
  public synchronized void deleteTasksUpTo(TaskQueueId queue, long inclusiveMaxId) {
    Row row = rows.get(queue);
    if (row != null) {
      row.tasks.headMap(inclusiveMaxId, true).clear();
    }
  }

  public synchronized List<Long> taskIds(TaskQueueId queue) {
    Row row = rows.get(queue);
    return row == null ? List.of() : new ArrayList<>(row.tasks.keySet());
  }

  public synchronized long rangeId(TaskQueueId queue) {
    return rows.get(queue).rangeId;
  }

  public synchronized long ackLevel(TaskQueueId queue) {
    return rows.get(queue).ackLevel;
  }

  public synchronized int createCalls() {
    return createCalls;
  }

  private Row fenced(TaskQueueId queue, long rangeId) {
    Row row = rows.get(queue);
    long actual = row == null ? -1 : row.rangeId;
    if (actual != rangeId) {
      throw new TaskQueueLeaseLostException(queue, rangeId, actual);
    }
    return row;
  }

  private static final class Row {
    long rangeId;
    long ackLevel;
    String owner;
    final TreeMap<Long, TaskRecord> tasks = new TreeMap<>();
  }
}
