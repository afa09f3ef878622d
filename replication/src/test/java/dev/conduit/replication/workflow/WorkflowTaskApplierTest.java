package dev.conduit.replication.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.conduit.proto.history.v1.ReplicateEventsRequest;
import dev.conduit.proto.history.v1.ReplicateEventsResponse;
import dev.conduit.proto.replication.v1.WorkflowReplicationTask;
import dev.conduit.replication.service.RetryLaterException;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standby side: what history answers becomes applied, a wait, or a failure the consumer parks. */
class WorkflowTaskApplierTest {
  private final FakeLocalHistory history = new FakeLocalHistory(1);
  private final List<String> sourceReads = new ArrayList<>();
  private final WorkflowTaskApplier applier = new WorkflowTaskApplier(history, (cluster, ns, wf, run, after, last,
      lastVersion) -> {
    sourceReads.add(cluster + ":" + wf + ":after " + after + " to " + last + "@" + lastVersion);
    List<ByteString> events = new ArrayList<>();
    for (long id = after + 1; id <= last; id++) {
      events.add(ByteString.copyFromUtf8("event " + id));
    }
    return events;
  });
  private final byte[] task = WorkflowReplicationTask.newBuilder().setSourceCluster("active").setSourceTaskId(12)
      .setFirstEventId(5).setNextEventId(7)
      .setHistory(ReplicateEventsRequest.newBuilder().setNamespaceId("ns-1").setWorkflowId("wf-a").setRunId("run-1")
          .addVersionHistoryItems(item(2, 1)).addVersionHistoryItems(item(6, 3))
          .addEvents(ByteString.copyFromUtf8("event 5")).addEvents(ByteString.copyFromUtf8("event 6")))
      .build().toByteArray();

  private static dev.conduit.proto.persistence.v1.VersionHistoryItem item(long eventId, long version) {
    return dev.conduit.proto.persistence.v1.VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version)
        .build();
  }

  @Test
  void theEventsGoToHistoryAndItsOutcomeIsReported() {
    assertThat(applier.apply(task)).contains("wf-a").contains("OUTCOME_APPLIED");
    assertThat(history.replicated).extracting(ReplicateEventsRequest::getRunId).containsExactly("run-1");
  }

  @Test
  void anActivitysStateGoesToHistorysSyncActivity() {
    byte[] sync = WorkflowReplicationTask.newBuilder().setSourceCluster("active").setSyncActivity(
        dev.conduit.proto.persistence.v1.SyncActivityReplicationTask.newBuilder().setNamespaceId("ns-1")
            .setWorkflowId("wf-a").setRunId("run-1").setScheduledEventId(5).setAttempt(3)).build().toByteArray();
    assertThat(applier.apply(sync)).contains("activity 5").contains("synced");
    assertThat(history.synced).extracting(r -> r.getTask().getAttempt()).containsExactly(3);
  }

  @Test
  void aGapIsFilledFromTheSourceBeforeTheTaskIsAppliedAgain() {
    List<ReplicateEventsResponse.Outcome> answers = new ArrayList<>(List.of(ReplicateEventsResponse.Outcome.OUTCOME_GAP,
        ReplicateEventsResponse.Outcome.OUTCOME_APPLIED, ReplicateEventsResponse.Outcome.OUTCOME_APPLIED));
    history.answer = r -> ReplicateEventsResponse.newBuilder().setOutcome(answers.remove(0)).setNextEventId(3).build();

    assertThat(applier.apply(task)).contains("filled a gap").contains("OUTCOME_APPLIED");

    // the events 3..4 of the task's branch: the one holding event 4 at version 3
    assertThat(sourceReads).containsExactly("active:wf-a:after 2 to 4@3");
    assertThat(history.replicated).extracting(r -> r.getEventsList().get(0).toStringUtf8())
        .containsExactly("event 5", "event 3", "event 5");
  }

  @Test
  void aGapTheSourceCannotFillFailsTheTask() {
    history.answer = r -> ReplicateEventsResponse.newBuilder().setOutcome(ReplicateEventsResponse.Outcome.OUTCOME_GAP)
        .setNextEventId(3).build();
    assertThatThrownBy(() -> applier.apply(task)).isInstanceOf(IllegalStateException.class).hasMessageContaining("from 3");
  }

  @Test
  void aTaskWithoutItsEventsGetsThemFromTheSource() {
    byte[] metadataOnly = WorkflowReplicationTask.newBuilder().setSourceCluster("active").setSourceTaskId(13)
        .setFirstEventId(1).setNextEventId(3)
        .setHistory(ReplicateEventsRequest.newBuilder().setNamespaceId("ns-1").setWorkflowId("wf-big").setRunId("run-1")
            .addVersionHistoryItems(item(2, 1)))
        .build().toByteArray();

    assertThat(applier.apply(metadataOnly)).contains("events read from active");

    assertThat(sourceReads).containsExactly("active:wf-big:after 0 to 2@1");
    assertThat(history.replicated.get(0).getEventsCount()).isEqualTo(2);
  }

  @Test
  void aTaskOfANamespaceNotKnownHereWaitsForItsReplicationForAWhileThenFails() throws Exception {
    java.time.Instant start = java.time.Instant.parse("2024-01-01T00:00:00Z");
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(start);
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return now.get();
      }
    };
    WorkflowTaskApplier waiting = new WorkflowTaskApplier(history, (cluster, ns, wf, run, after, last, version) -> List.of(),
        WorkflowTaskApplier.AppliedListener.NONE, clock);
    io.grpc.StatusRuntimeException unknown = io.grpc.protobuf.StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder().setCode(Status.Code.NOT_FOUND.value()).setMessage("Namespace ns-1 is not found.")
            .addDetails(com.google.protobuf.Any.pack(io.temporal.api.errordetails.v1.NamespaceNotFoundFailure.newBuilder()
                .setNamespace("ns-1").build())).build());
    history.answer = r -> {
      throw unknown;
    };

    assertThatThrownBy(() -> waiting.apply(task)).isInstanceOf(RetryLaterException.class).hasMessageContaining("ns-1");
    now.set(start.plus(WorkflowTaskApplier.UNKNOWN_NAMESPACE_WAIT).minusSeconds(1));
    assertThatThrownBy(() -> waiting.apply(task)).isInstanceOf(RetryLaterException.class);
    now.set(start.plus(WorkflowTaskApplier.UNKNOWN_NAMESPACE_WAIT));
    assertThatThrownBy(() -> waiting.apply(task)).as("it never came: the task fails (to the DLQ)").isSameAs(unknown);

    // another NOT_FOUND is no reason to wait
    history.answer = r -> {
      throw Status.NOT_FOUND.withDescription("something else").asRuntimeException();
    };
    byte[] other = WorkflowReplicationTask.parseFrom(task).toBuilder().setHistory(
        WorkflowReplicationTask.parseFrom(task).getHistory().toBuilder().setNamespaceId("ns-2")).build().toByteArray();
    assertThatThrownBy(() -> waiting.apply(other)).isInstanceOf(io.grpc.StatusRuntimeException.class);
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
    byte[] empty = WorkflowReplicationTask.newBuilder().setHistory(ReplicateEventsRequest.newBuilder().setWorkflowId("x"))
        .build().toByteArray();
    assertThatThrownBy(() -> applier.apply(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no events");
  }
}
