package dev.conduit.persistence.cassandra.execution;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreChecksTest {

  @Test
  void updateMustMoveTheDbVersionUp() {
    assertThatThrownBy(() -> StoreChecks.checkUpdate(write(3, 3, 5, 1, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be greater");
    assertThatCode(() -> StoreChecks.checkUpdate(write(4, 3, 5, 1, 4))).doesNotThrowAnyException();
  }

  @Test
  void historyBatchesMustEndBelowTheCommittedNextEventId() {
    assertThatThrownBy(() -> StoreChecks.checkCreate(write(1, 0, 5, 1, 5), CreateMode.BRAND_NEW, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next event id 5");
  }

  @Test
  void reuseNeedsThePreviousRunId() {
    assertThatThrownBy(() -> StoreChecks.checkCreate(write(1, 0, 5, 1, 4), CreateMode.REUSE_CLOSED_RUN, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("previous run id");
  }

  private static WorkflowWrite write(long dbVersion, long expected, long nextEventId, long firstEvent, long lastEvent) {
    WorkflowSnapshot snapshot =
        new WorkflowSnapshot(new WorkflowKey("ns", "wf", "run"), ExecutionState.RUNNING, 1, nextEventId, 1, dbVersion, "req", new byte[0]);
    return new WorkflowWrite(snapshot, 1, expected, new byte[] {1}, List.of(new HistoryBatch(firstEvent, lastEvent, 1, new byte[0])), List.of(), List.of());
  }
}
