package dev.conduit.it.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.matching.MatchingEngine;
import dev.conduit.matching.MatchingSettings;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.matching.queue.NewTask;
import dev.conduit.matching.queue.PollCancellation;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueLeaseLostException;
import dev.conduit.persistence.matching.TaskQueueStores;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Matching's durable backlog on the launcher's Cassandra: tasks outlive the manager that wrote them, a
 * second manager fences the first one off, task id ranges renew. Each engine has its own session, as
 * separate matching processes would.
 */
class MatchingBacklogIT {
  private static final ByteString POLL = ByteString.copyFromUtf8("poll");
  private static final Duration SHORT_POLL = Duration.ofMillis(500);
  private static MatchingKeyspace keyspace;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final RecordingHistory history = new RecordingHistory();
  private final TaskQueueId queue = new TaskQueueId(UUID.randomUUID().toString(), "backlog", TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, false);

  @BeforeAll
  static void createKeyspace() {
    keyspace = new MatchingKeyspace();
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @AfterEach
  void closeEngines() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void theBacklogSurvivesARestartAndEveryTaskIsDispatchedExactlyOnce() {
    MatchingEngine first = engine(MatchingSettings.defaults("host-a"));
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      added.add("wf-" + i);
      assertThat(first.addTask(queue, task("wf-" + i))).as("no poller: to the backlog").isFalse();
    }
    List<String> dispatched = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      dispatched.add(pollOnce(first));
    }
    first.close(); // a clean unload persists the ack level

    MatchingEngine second = engine(MatchingSettings.defaults("host-b").withBacklogPageSize(7));
    String next;
    while ((next = pollOrNull(second)) != null) {
      dispatched.add(next);
    }

    assertThat(dispatched).containsExactlyElementsOf(added);
    assertThat(history.started).containsExactlyElementsOf(added);
  }

  @Test
  void afterACrashNoTaskIsLostAndOnlyUnacknowledgedOnesComeAgain() {
    MatchingEngine crashed = engine(MatchingSettings.defaults("host-a"));
    for (int i = 0; i < 6; i++) {
      crashed.addTask(queue, task("wf-" + i));
    }
    assertThat(pollOnce(crashed)).isEqualTo("wf-0");
    assertThat(pollOnce(crashed)).isEqualTo("wf-1");
    crashed.housekeeping(); // ack level persisted after wf-1
    assertThat(pollOnce(crashed)).isEqualTo("wf-2");
    // no close: the process dies with wf-2 started but not acknowledged; history now says it is stale
    history.stale.add("wf-2");

    MatchingEngine restarted = engine(MatchingSettings.defaults("host-b"));
    List<String> after = new ArrayList<>();
    String next;
    while ((next = pollOrNull(restarted)) != null) {
      after.add(next);
    }

    assertThat(after).containsExactly("wf-3", "wf-4", "wf-5");
    assertThat(history.staleCalls).as("redelivered once, dropped as stale").containsExactly("wf-2");
  }

  @Test
  void aSecondManagerTakesTheLeaseAndTheFirstOnesWriteIsRefusedAndItStops() {
    MatchingEngine first = engine(MatchingSettings.defaults("host-a"));
    assertThat(first.addTask(queue, task("wf-before"))).isFalse();
    MatchingEngine second = engine(MatchingSettings.defaults("host-b"));
    assertThat(second.addTask(queue, task("wf-second"))).isFalse();

    assertThatThrownBy(() -> first.addTask(queue, task("wf-refused"))).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThat(first.loadedQueues()).as("the first manager stopped and unloaded").isZero();
    assertThat(storedWorkflowIds()).containsExactlyInAnyOrder("wf-before", "wf-second");

    assertThat(pollOnce(second)).isEqualTo("wf-before");
    assertThat(pollOnce(second)).isEqualTo("wf-second");
    assertThat(pollOrNull(second)).isNull();
    assertThat(history.started).doesNotContain("wf-refused");
  }

  @Test
  void taskIdsRenewTheRangeWhenItIsUsedUpAndStayInOrder() {
    MatchingEngine engine = engine(MatchingSettings.defaults("host-a").withTasksPerRange(3));
    for (int i = 0; i < 8; i++) {
      engine.addTask(queue, task("wf-" + i));
    }

    List<Long> ids = keyspace.longs("SELECT task_id FROM {ks}.task_queues WHERE namespace_id = ? AND task_queue_name = ?"
        + " AND task_queue_type = 2 AND task_queue_kind = 1", queue.namespaceId(), queue.name());
    assertThat(ids).hasSize(8).isSorted();
    assertThat(ids.stream().map(id -> id >> MatchingSettings.RANGE_SHIFT).distinct()).containsExactly(1L, 2L, 3L);
    for (int i = 0; i < 8; i++) {
      assertThat(pollOnce(engine)).isEqualTo("wf-" + i);
    }
  }

  @Test
  void doneTasksAreDeletedOnceTheAckLevelIsPersisted() {
    MatchingEngine engine = engine(MatchingSettings.defaults("host-a"));
    for (int i = 0; i < 4; i++) {
      engine.addTask(queue, task("wf-" + i));
    }
    pollOnce(engine);
    pollOnce(engine);
    pollOnce(engine);

    engine.housekeeping();
    assertThat(storedWorkflowIds()).containsExactly("wf-3");
  }

  /** Housekeeping runs only when a test calls it, so that ack levels move exactly where the test says. */
  private MatchingEngine engine(MatchingSettings settings) {
    settings = settings.withHousekeepingInterval(Duration.ofHours(1));
    CqlSession session = keyspace.openSession();
    open.add(session);
    MatchingEngine engine = new MatchingEngine(TaskQueueStores.cassandra(session, Clock.systemUTC()), new TaskStarter(history), settings,
        Clock.systemUTC());
    open.add(engine);
    return engine;
  }

  private String pollOnce(MatchingEngine engine) {
    String workflowId = pollOrNull(engine);
    assertThat(workflowId).as("a task was expected").isNotNull();
    return workflowId;
  }

  private String pollOrNull(MatchingEngine engine) {
    ByteString answer = engine.poll(queue, POLL, SHORT_POLL, PollCancellation.never());
    if (answer.isEmpty()) {
      return null;
    }
    try {
      return PollActivityTaskQueueResponse.parseFrom(answer).getWorkflowExecution().getWorkflowId();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private List<String> storedWorkflowIds() {
    return keyspace.strings("SELECT workflow_id FROM {ks}.task_queues WHERE namespace_id = ? AND task_queue_name = ?"
        + " AND task_queue_type = 2 AND task_queue_kind = 1", queue.namespaceId(), queue.name());
  }

  private static NewTask task(String workflowId) {
    return new NewTask(workflowId, "run-1", 5, Duration.ZERO);
  }
}
