package dev.conduit.persistence.cassandra.execution;

import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_CURRENT;
import static dev.conduit.persistence.cassandra.execution.ExecutionsTable.TYPE_EXECUTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.persistence.cassandra.execution.RefusedWrite.Found;
import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.WorkflowKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefusedWriteTest {
  private static final WorkflowKey KEY = new WorkflowKey("ns", "wf", "run-2");

  @Test
  void movedRangeWinsOverEveryOtherDifference() {
    RefusedWrite refused = new RefusedWrite(List.of(current(8, "run-1", ExecutionState.RUNNING), execution(8, "run-2", 4)));

    assertThat(refused.explainUpdate(3, 7, KEY, 1))
        .isInstanceOfSatisfying(ShardOwnershipLostException.class, e -> {
          assertThat(e.expectedRangeId()).isEqualTo(7);
          assertThat(e.actualRangeId()).isEqualTo(8);
          assertThat(e.shardId()).isEqualTo(3);
        });
    assertThat(refused.explainCreate(3, 7, KEY, CreateMode.BRAND_NEW, null, refused.currentExecution()))
        .isInstanceOf(ShardOwnershipLostException.class);
  }

  @Test
  void missingPartitionIsLostOwnershipWithRangeMinusOne() {
    RefusedWrite refused = new RefusedWrite(List.of());
    assertThat(refused.explainUpdate(1, 2, KEY, 1))
        .isInstanceOfSatisfying(ShardOwnershipLostException.class, e -> assertThat(e.actualRangeId()).isEqualTo(-1));
  }

  @Test
  void brandNewCreateOverAnExistingCurrentRecordIsAConflictCarryingIt() {
    RefusedWrite refused = new RefusedWrite(List.of(current(7, "run-1", ExecutionState.RUNNING)));

    assertThat(refused.explainCreate(1, 7, KEY, CreateMode.BRAND_NEW, null, refused.currentExecution()))
        .isInstanceOfSatisfying(CurrentExecutionConflictException.class, e -> {
          assertThat(e.current().runId()).isEqualTo("run-1");
          assertThat(e.current().state()).isEqualTo(ExecutionState.RUNNING);
          assertThat(e.current().createRequestId()).isEqualTo("req-run-1");
        });
  }

  @Test
  void reuseOfARunThatIsStillOpenIsAConflict() {
    RefusedWrite refused = new RefusedWrite(List.of(current(7, "run-1", ExecutionState.RUNNING)));
    assertThat(refused.explainCreate(1, 7, KEY, CreateMode.REUSE_CLOSED_RUN, "run-1", refused.currentExecution()))
        .isInstanceOf(CurrentExecutionConflictException.class);
  }

  @Test
  void reuseWithoutAnyCurrentRecordFailsTheCondition() {
    RefusedWrite refused = new RefusedWrite(List.of(staticRow(7)));
    assertThat(refused.explainCreate(1, 7, KEY, CreateMode.REUSE_CLOSED_RUN, "run-1", Optional.empty()))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("no current run");
  }

  @Test
  void createOfAnExistingRunFailsTheCondition() {
    RefusedWrite refused = new RefusedWrite(List.of(execution(7, "run-2", 1)));
    assertThat(refused.explainCreate(1, 7, KEY, CreateMode.BRAND_NEW, null, Optional.empty()))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void staleDbVersionFailsTheConditionAndNamesBothVersions() {
    RefusedWrite refused = new RefusedWrite(List.of(execution(7, "run-2", 5), current(7, "run-2", ExecutionState.RUNNING)));
    assertThat(refused.onlyCurrentRecordDiffers(7, KEY, 4)).isFalse();
    assertThat(refused.explainUpdate(1, 7, KEY, 4))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("stored db_version is 5")
        .hasMessageContaining("expected 4");
  }

  @Test
  void updateOfARunThatIsNotCurrentIsRecognised() {
    RefusedWrite namesOther = new RefusedWrite(List.of(execution(7, "run-2", 4), current(7, "run-3", ExecutionState.RUNNING)));
    RefusedWrite noCurrent = new RefusedWrite(List.of(execution(7, "run-2", 4)));
    RefusedWrite namesThisRun = new RefusedWrite(List.of(execution(7, "run-2", 4), current(7, "run-2", ExecutionState.RUNNING)));

    assertThat(namesOther.onlyCurrentRecordDiffers(7, KEY, 4)).isTrue();
    assertThat(noCurrent.onlyCurrentRecordDiffers(7, KEY, 4)).isTrue();
    assertThat(namesThisRun.onlyCurrentRecordDiffers(7, KEY, 4)).isFalse();
    assertThat(namesOther.onlyCurrentRecordDiffers(6, KEY, 4)).isFalse();
  }

  private static Found staticRow(long range) {
    return new Found(null, null, range, null, null, null, null, null, null);
  }

  private static Found execution(long range, String runId, long dbVersion) {
    return new Found(TYPE_EXECUTION, runId, range, dbVersion, null, null, null, null, null);
  }

  private static Found current(long range, String runId, ExecutionState state) {
    return new Found(TYPE_CURRENT, ExecutionsTable.CURRENT_RUN_PLACEHOLDER, range, null, runId, "req-" + runId, state.code(), 1, 10L);
  }
}
