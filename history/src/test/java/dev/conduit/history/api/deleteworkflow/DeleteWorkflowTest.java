package dev.conduit.history.api.deleteworkflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DeleteWorkflowExecution: a running run is terminated and then deleted, a closed one deleted; the deletion waits
 * for the run's close tasks, and takes the visibility record and the current record with it.
 */
class DeleteWorkflowTest {
  private final HistoryTestEnv env = new HistoryTestEnv();
  private final DeleteWorkflow delete = new DeleteWorkflow(env.shards);

  @AfterEach
  void close() {
    env.close();
  }

  private void delete(String workflowId, String runId) {
    delete.invoke(HistoryTestEnv.NAMESPACE_ID, DeleteWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
        .build());
  }

  /**
   * Fires the deletion: its first look finds the transfer queue's ack level behind it (here the queues run one after
   * the other, timers first), the retry after the backoff finds it past.
   */
  private void runDeletion() {
    env.advance(Duration.ofSeconds(1));
    env.advance(Duration.ofSeconds(1));
  }

  private boolean exists(WorkflowKey key) {
    return env.store.getWorkflowExecution(env.shard(key).shardId(), key).isPresent();
  }

  @Test
  void aRunningRunIsTerminatedAndDeletedOnlyAfterItsCloseTasksAreDone() {
    WorkflowKey key = env.startWorkflow("del-1");

    delete("del-1", key.runId());

    List<HistoryEvent> events = env.events(key);
    HistoryEvent last = events.get(events.size() - 1);
    assertThat(last.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getReason()).isEqualTo("Delete workflow execution");
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getIdentity()).isEqualTo(DeleteWorkflow.IDENTITY);

    env.processTimers();
    assertThat(exists(key)).as("the close tasks (parent, visibility) are not done yet: the deletion waits").isTrue();
    assertThat(env.visibilityRecords).noneMatch(record -> record.getDeleted());

    env.processTransfers();
    assertThat(env.visibilityRecords).as("the closed record went out").anyMatch(record ->
        record.getRunId().equals(key.runId()) && !record.getDeleted() && record.getCloseTime().getSeconds() > 0);
    env.advance(Duration.ofSeconds(1));

    assertThat(exists(key)).isFalse();
    assertThat(env.store.hasHistory(key)).isFalse();
    assertThat(env.store.getCurrentExecution(env.shard(key).shardId(), key.namespaceId(), key.workflowId())).isEmpty();
    assertThat(env.visibilityRecords).anyMatch(record -> record.getRunId().equals(key.runId()) && record.getDeleted());
  }

  @Test
  void aClosedRunNamedByItsWorkflowIdAloneIsDeletedAndTheIdIsFree() {
    WorkflowKey key = env.startWorkflow("del-2");
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("done"));
    env.processTransfers();

    delete("del-2", "");
    runDeletion();

    assertThat(exists(key)).isFalse();
    assertThat(env.store.hasHistory(key)).isFalse();
    assertThatThrownBy(() -> delete("del-2", "")).isInstanceOf(EntityNotFoundException.class);
    assertThat(env.startWorkflow("del-2").runId()).isNotEqualTo(key.runId());
  }

  @Test
  void anOlderRunIsDeletedAndTheCurrentRunStays() {
    WorkflowKey old = env.startWorkflow("del-3");
    env.completeWorkflowTask(env.pollWorkflowTask(old), completeWorkflow("done"));
    WorkflowKey current = env.startWorkflow("del-3");

    delete("del-3", old.runId());
    runDeletion();

    assertThat(exists(old)).isFalse();
    assertThat(exists(current)).isTrue();
    assertThat(env.current("del-3")).isEqualTo(current);
  }

  @Test
  void anUnknownWorkflowIsNotFound() {
    assertThatThrownBy(() -> delete("nobody", "")).isInstanceOf(EntityNotFoundException.class);
  }
}
