package dev.conduit.history.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transfer tasks a write committed reach the queue without a read of the store, and never get lost on the way. */
class TransferTaskHandoffTest {
  private static final WorkflowKey RUN = new WorkflowKey("ns", "wf", "run");
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private static TransferTaskRecord task(long id) {
    return new TransferTaskRecord(id, RUN, 1, new byte[0]);
  }

  private static List<Long> ids(List<TransferTaskRecord> tasks) {
    return tasks.stream().map(TransferTaskRecord::taskId).toList();
  }

  @Test
  void takesWhatWasCommittedInIdOrderWithinTheReadLevelsAndOnlyOnce() {
    TransferTaskHandoff handoff = new TransferTaskHandoff(100, 10);
    handoff.committed(List.of(task(104), task(101)));
    handoff.committed(List.of(task(103)));

    assertThat(ids(handoff.take(100, 103, 10))).containsExactly(101L, 103L);
    assertThat(ids(handoff.take(103, 110, 10))).containsExactly(104L);
    assertThat(handoff.take(104, 110, 10)).isEmpty();
    assertThat(handoff.size()).isZero();
  }

  @Test
  void aLimitedTakeLeavesTheRestForTheNext() {
    TransferTaskHandoff handoff = new TransferTaskHandoff(0, 10);
    handoff.committed(List.of(task(1), task(2), task(3)));

    assertThat(ids(handoff.take(0, 3, 2))).containsExactly(1L, 2L);
    assertThat(ids(handoff.take(2, 3, 2))).containsExactly(3L);
  }

  @Test
  void belowTheStoreLevelTheStoreMustBeRead() {
    TransferTaskHandoff handoff = new TransferTaskHandoff(100, 10);
    handoff.committed(List.of(task(101)));

    assertThat(handoff.take(50, 101, 10)).as("ids of earlier owners").isNull();
    assertThat(ids(handoff.take(100, 101, 10))).containsExactly(101L);
  }

  @Test
  void aWriteWithAnUnknownOutcomeSendsTheQueueToTheStoreUpToItsIds() {
    TransferTaskHandoff handoff = new TransferTaskHandoff(0, 10);
    handoff.committed(List.of(task(1), task(4)));
    handoff.outcomeUnknown(List.of(2L, 3L));
    handoff.committed(List.of(task(5)));

    assertThat(handoff.take(0, 5, 10)).isNull();
    assertThat(handoff.take(2, 5, 10)).isNull();
    assertThat(ids(handoff.take(3, 5, 10))).as("what the store read left").containsExactly(4L, 5L);
  }

  @Test
  void pastItsCapacityTheOldestTasksAreLeftToTheStore() {
    TransferTaskHandoff handoff = new TransferTaskHandoff(0, 2);
    handoff.committed(List.of(task(1), task(2), task(3)));

    assertThat(handoff.size()).isEqualTo(2);
    assertThat(handoff.take(0, 3, 10)).isNull();
    assertThat(ids(handoff.take(1, 3, 10))).containsExactly(2L, 3L);
  }

  @Test
  void aStartsWorkflowTaskIsDispatchedWithoutReadingTheStoreOnceTheQueueCaughtUp() {
    env.startWorkflow("first"); // each shard's first pass reads what earlier owners may have left
    int reads = env.store.transferReads();

    WorkflowKey second = env.startWorkflow("second");

    assertThat(env.matching.workflowTasks()).extracting(AddTaskRequest::getWorkflowId).contains("second");
    assertThat(env.store.transferReads()).isEqualTo(reads);
    assertThat(env.store.transferTasks(env.shard(second).shardId())).as("deleted once done").isEmpty();
  }

  @Test
  void aWriteThatCommittedWithoutSayingSoHasItsTasksReadFromTheStore() {
    env.startWorkflow("first");
    int reads = env.store.transferReads();
    env.store.failAfterNextWrite(write -> !write.transferTasks().isEmpty());

    try {
      env.start.invoke(HistoryTestEnv.NAMESPACE_ID, env.startRequest("answer-lost").build());
    } catch (RuntimeException expected) {
      // the caller was told it failed; the run and its tasks are stored all the same
    }
    env.processTransfers();

    assertThat(env.store.droppedWrites()).isEqualTo(1);
    assertThat(env.matching.workflowTasks()).extracting(AddTaskRequest::getWorkflowId).contains("answer-lost");
    assertThat(env.store.transferReads()).isGreaterThan(reads);
  }
}
