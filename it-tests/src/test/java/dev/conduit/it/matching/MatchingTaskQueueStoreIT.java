package dev.conduit.it.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.persistence.matching.CassandraTaskQueueStore;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLease;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.persistence.matching.TaskRecord;
import dev.conduit.proto.matching.v1.TaskQueueType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Cassandra task queue store on the real schema v3: lease fencing, task ranges, ack level, deletes. */
class MatchingTaskQueueStoreIT {
  private static MatchingKeyspace keyspace;
  private static CqlSession session;
  private static CassandraTaskQueueStore store;

  @BeforeAll
  static void createKeyspace() {
    keyspace = new MatchingKeyspace();
    session = keyspace.openSession();
    store = new CassandraTaskQueueStore(session, Clock.systemUTC());
  }

  @AfterAll
  static void dropKeyspace() {
    if (session != null) {
      session.close();
    }
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @Test
  void firstLeaseCreatesTheQueueAndEachLaterOneBumpsTheRange() {
    TaskQueueId queue = queue("lease-bump", false);
    assertThat(store.acquireLease(queue, "a").rangeId()).isEqualTo(1);
    assertThat(store.acquireLease(queue, "b").rangeId()).isEqualTo(2);
    assertThat(store.acquireLease(queue, "c").rangeId()).isEqualTo(3);
    // a sticky queue of the same name is another queue
    assertThat(store.acquireLease(queue("lease-bump", true), "a").rangeId()).isEqualTo(1);
  }

  @Test
  void writesOfAFormerHolderAreRefusedAndLeaveNoTrace() {
    TaskQueueId queue = queue("fenced", false);
    TaskQueueLease first = store.acquireLease(queue, "first");
    store.createTasks(queue, first.rangeId(), List.of(task(first.rangeId() << 20, "wf-1")));
    TaskQueueLease second = store.acquireLease(queue, "second");

    assertThatThrownBy(() -> store.createTasks(queue, first.rangeId(), List.of(task((first.rangeId() << 20) + 1, "wf-stale"))))
        .isInstanceOfSatisfying(TaskQueueLeaseLostException.class, e -> {
          assertThat(e.expectedRangeId()).isEqualTo(first.rangeId());
          assertThat(e.actualRangeId()).isEqualTo(second.rangeId());
          assertThat(e.isRetryable()).isFalse();
        });
    assertThatThrownBy(() -> store.updateAckLevel(queue, first.rangeId(), 99)).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThatThrownBy(() -> store.renewRange(queue, first.rangeId(), "first")).isInstanceOf(TaskQueueLeaseLostException.class);

    assertThat(store.readTasks(queue, 0, Long.MAX_VALUE, 100)).extracting(TaskRecord::workflowId).containsExactly("wf-1");
    assertThat(store.acquireLease(queue, "third").ackLevel()).isZero();
  }

  @Test
  void tasksReadBackInIdOrderWithinBoundsAndTheirFields() {
    TaskQueueId queue = queue("read-order", false);
    long range = store.acquireLease(queue, "a").rangeId();
    long base = range << 20;
    Instant expiry = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    store.createTasks(queue, range, List.of(task(base + 2, "wf-c"), task(base, "wf-a")));
    store.createTasks(queue, range, List.of(new TaskRecord(base + 1, "wf-b", "run-1", 5, Instant.now(), expiry)));

    List<TaskRecord> all = store.readTasks(queue, 0, base + 2, 10);
    assertThat(all).extracting(TaskRecord::workflowId).containsExactly("wf-a", "wf-b", "wf-c");
    assertThat(all.get(1).expiryTime()).isEqualTo(expiry);
    assertThat(all.get(0).expiryTime()).isNull();
    assertThat(all.get(0).scheduledEventId()).isEqualTo(5);
    assertThat(store.readTasks(queue, base, base + 1, 10)).extracting(TaskRecord::workflowId).containsExactly("wf-b");
    assertThat(store.readTasks(queue, 0, Long.MAX_VALUE, 2)).hasSize(2);
  }

  @Test
  void ackLevelSurvivesTheNextLeaseAndDeletesRemoveOnlyTasksUpToIt() {
    TaskQueueId queue = queue("ack", false);
    TaskQueueLease lease = store.acquireLease(queue, "a");
    long base = lease.rangeId() << 20;
    store.createTasks(queue, lease.rangeId(), List.of(task(base, "wf-1"), task(base + 1, "wf-2"), task(base + 2, "wf-3")));
    store.updateAckLevel(queue, lease.rangeId(), base + 1);
    store.deleteTasksUpTo(queue, base + 1);

    TaskQueueLease renewed = store.renewRange(queue, lease.rangeId(), "a");
    assertThat(renewed.rangeId()).isEqualTo(lease.rangeId() + 1);
    assertThat(renewed.ackLevel()).isEqualTo(base + 1);
    TaskQueueLease next = store.acquireLease(queue, "b");
    assertThat(next.ackLevel()).isEqualTo(base + 1);
    assertThat(store.readTasks(queue, 0, Long.MAX_VALUE, 10)).extracting(TaskRecord::workflowId).containsExactly("wf-3");
  }

  private static TaskQueueId queue(String name, boolean sticky) {
    return new TaskQueueId("ns-1", name, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, sticky);
  }

  private static TaskRecord task(long id, String workflowId) {
    return new TaskRecord(id, workflowId, "run-1", 5, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
  }
}
