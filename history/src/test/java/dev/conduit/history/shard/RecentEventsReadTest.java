package dev.conduit.history.shard;

import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.api.recordworkflowtaskstarted.RecordWorkflowTaskStarted;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.workflow.Events;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow task's poll response carries events the host wrote moments before: it takes them from the host's cache of
 * the batches it committed ({@link EventsCache}) instead of reading them back from the store, with the same events.
 * Another host, or this one once it acquired the shard again, reads them from the store.
 */
class RecentEventsReadTest {
  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults()
      .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO), 1);
  private final ShardController hostB = new ShardController(1, "host-b", env.shardStore, env.store, env.namespaces,
      env.matching, env.config, env.clock, null);
  private final AtomicInteger storeReads = new AtomicInteger();

  @AfterEach
  void close() {
    hostB.close();
    env.close();
  }

  @Test
  void theEventsOfATaskJustStartedComeFromWhatTheHostWroteAndEqualTheStoredOnes() {
    env.store.beforeHistoryRead(storeReads::incrementAndGet);
    WorkflowKey key = env.startWorkflow("recent-1");

    PollWorkflowTaskQueueResponse first = env.pollWorkflowTask(key);
    assertThat(first.getHistory().getEventsList()).extracting(HistoryEvent::getEventType).containsExactly(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(storeReads.get()).as("history reads from the store for the first task").isZero();

    env.completeWorkflowTaskSticky(first, startTimer("t", Duration.ofSeconds(5)));
    env.advance(Duration.ofSeconds(5));
    PollWorkflowTaskQueueResponse sticky = env.pollWorkflowTask(key);
    assertThat(sticky.getHistory().getEvents(0).getEventId()).as("the events since the last task")
        .isEqualTo(first.getStartedEventId() + 1);
    assertThat(sticky.getHistory().getEventsList()).extracting(HistoryEvent::getEventType).containsExactly(
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_TIMER_STARTED,
        EventType.EVENT_TYPE_TIMER_FIRED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(storeReads.get()).as("history reads from the store for the sticky task").isZero();

    assertThat(storedEvents(key)).as("what the store holds").containsExactlyElementsOf(concat(first, sticky));
  }

  @Test
  void anotherHostAndThisOneAfterAcquiringTheShardAgainReadFromTheStore() {
    WorkflowKey key = env.startWorkflow("recent-2");
    PollWorkflowTaskQueueResponse first = env.pollWorkflowTask(key);
    env.completeWorkflowTask(first, startTimer("t", Duration.ofSeconds(5)));
    env.advance(Duration.ofSeconds(5));
    long scheduled = env.state(key).getWorkflowTask().getScheduledEventId();

    hostB.setOwnedShards(Set.of(0)); // host A loses the shard
    env.store.beforeHistoryRead(storeReads::incrementAndGet);
    PollWorkflowTaskQueueResponse onB = new RecordWorkflowTaskStarted(hostB)
        .invoke(env.workflowTaskStarted(key, scheduled, "req-b", normalQueue()));
    assertThat(storeReads.get()).as("host B wrote none of it").isPositive();
    assertThat(onB.getHistory().getEventsList()).extracting(HistoryEvent::getEventType).endsWith(
        EventType.EVENT_TYPE_TIMER_FIRED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    new dev.conduit.history.api.respondworkflowtaskcompleted.RespondWorkflowTaskCompleted(hostB).invoke(
        HistoryTestEnv.NAMESPACE_ID, env.completion(onB, startTimer("t2", Duration.ofSeconds(5))).build());

    hostB.setOwnedShards(Set.of());
    env.shards.setOwnedShards(Set.of()); // host A acquires the shard again, having kept events 1-3 from before
    env.shards.setOwnedShards(Set.of(0));
    env.advance(Duration.ofSeconds(5));
    storeReads.set(0);
    PollWorkflowTaskQueueResponse backOnA = env.pollWorkflowTask(key);
    assertThat(storeReads.get()).as("host A reads what host B wrote from the store").isPositive();
    assertThat(backOnA.getHistory().getEventsList()).containsExactlyElementsOf(storedEvents(key));
  }

  /** The run's events as the store holds them, read from it directly. */
  private java.util.List<HistoryEvent> storedEvents(WorkflowKey key) {
    MutableStateRecord state = env.store.getWorkflowExecution(0, key).map(snapshot -> parse(snapshot.mutableState()))
        .orElseThrow();
    java.util.List<HistoryEvent> events = new java.util.ArrayList<>();
    for (HistoryBatch batch : env.store.readHistory(HistoryPages.branchOf(state), 1, state.getNextEventId(), 1000, null)
        .batches()) {
      events.addAll(Events.decodeBatch(batch.events()));
    }
    return events;
  }

  private static MutableStateRecord parse(byte[] bytes) {
    try {
      return MutableStateRecord.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TaskQueue normalQueue() {
    return TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build();
  }

  private static java.util.List<HistoryEvent> concat(PollWorkflowTaskQueueResponse a, PollWorkflowTaskQueueResponse b) {
    java.util.List<HistoryEvent> events = new java.util.ArrayList<>(a.getHistory().getEventsList());
    events.addAll(b.getHistory().getEventsList());
    return events;
  }
}
