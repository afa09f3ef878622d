package dev.conduit.replication.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import dev.conduit.replication.service.RetryLaterException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The standby side: what history answers becomes applied, a wait, or a failure the consumer parks. */
class WorkflowTaskApplierTest {
  private final FakeLocalHistory history = new FakeLocalHistory(1);
  private final WorkflowTaskApplier applier = new WorkflowTaskApplier(history);
  private final byte[] task = WorkflowReplicationTask.newBuilder().setSourceCluster("active").setSourceTaskId(12)
      .setHistory(ReplicateEventsRequest.newBuilder().setNamespaceId("ns-1").setWorkflowId("wf-a").setRunId("run-1"))
      .build().toByteArray();

  @Test
  void theEventsGoToHistoryAndItsOutcomeIsReported() {
    assertThat(applier.apply(task)).contains("wf-a").contains("OUTCOME_APPLIED");
    assertThat(history.replicated).extracting(ReplicateEventsRequest::getRunId).containsExactly("run-1");
  }

  @Test
  void aGapFailsTheTaskNamingTheFirstMissingEvent() {
    history.answer = r -> ReplicateEventsResponse.newBuilder().setOutcome(ReplicateEventsResponse.Outcome.OUTCOME_GAP)
        .setNextEventId(4).build();
    assertThatThrownBy(() -> applier.apply(task)).isInstanceOf(IllegalStateException.class).hasMessageContaining("from 4");
  }

  @Test
  void historyUnavailableWaitsAndARefusalFails() {
    history.answer = r -> {
      throw Status.UNAVAILABLE.withDescription("shard moving").asRuntimeException();
    };
    assertThatThrownBy(() -> applier.apply(task)).isInstanceOf(RetryLaterException.class);
    history.answer = r -> {
      throw Status.FAILED_PRECONDITION.withDescription("do not continue").asRuntimeException();
    };
    assertThatThrownBy(() -> applier.apply(task)).isNotInstanceOf(RetryLaterException.class)
        .hasMessageContaining("do not continue");
  }

  @Test
  void somethingThatIsNotATaskIsRefusedForGood() {
    assertThatThrownBy(() -> applier.apply("garbage".getBytes())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> applier.apply(new byte[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("carries nothing");
  }
}
