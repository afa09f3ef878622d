package dev.conduit.persistence.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.execution.ReplicationTaskRecord;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.TransferTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.execution.WorkflowSnapshot;
import dev.conduit.persistence.execution.WorkflowWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryingExecutionStoreTest {
  private static final WorkflowKey KEY = new WorkflowKey("ns", "wf", "run");
  private final FailingStore failing = new FailingStore();
  private final ExecutionStore store = new RetryingExecutionStore(failing, PersistenceRetry.of(4, Duration.ofMillis(1), Duration.ofMillis(2)));

  @Test
  void transientFailuresAreRepeatedUntilTheCallSucceeds() {
    failing.failures.add(new PersistenceException("timeout", true));
    failing.failures.add(new PersistenceException("unavailable", true));

    store.updateWorkflowExecution(1, null);

    assertThat(failing.calls).isEqualTo(3);
  }

  @Test
  void unknownOutcomeOfAConditionalWriteIsReturnedToTheCallerAtOnce() {
    failing.failures.add(new OutcomeUnknownException("update wf", new RuntimeException("CAS timeout")));

    assertThatThrownBy(() -> store.updateWorkflowExecution(1, null)).isInstanceOf(OutcomeUnknownException.class);
    assertThat(failing.calls).isEqualTo(1);
  }

  @Test
  void failedConditionsAndLostOwnershipAreNeverRepeated() {
    failing.failures.add(new ConditionFailedException("stale"));
    assertThatThrownBy(() -> store.createWorkflowExecution(1, null, CreateMode.BRAND_NEW, null)).isInstanceOf(ConditionFailedException.class);
    failing.failures.add(new ShardOwnershipLostException(1, 2, 3));
    assertThatThrownBy(() -> store.getWorkflowExecution(1, KEY)).isInstanceOf(ShardOwnershipLostException.class);
    assertThat(failing.calls).isEqualTo(2);
  }

  @Test
  void lastTransientFailureSurfacesAfterTheAttemptsAreUsedUp() {
    for (int i = 0; i < 5; i++) {
      failing.failures.add(new PersistenceException("timeout " + i, true));
    }
    assertThatThrownBy(() -> store.getTransferTasks(1, 0, 10, 5)).hasMessage("timeout 3");
    assertThat(failing.calls).isEqualTo(4);
  }

  /** Throws the queued failures one per call, then succeeds. */
  private static final class FailingStore implements ExecutionStore {
    final Deque<PersistenceException> failures = new ArrayDeque<>();
    int calls;

    private void call() {
      calls++;
      PersistenceException next = failures.poll();
      if (next != null) {
        throw next;
      }
    }

    @Override
    public void createWorkflowExecution(int shardId, WorkflowWrite write, CreateMode mode, String previousRunId) {
      call();
    }

    @Override
    public void updateWorkflowExecution(int shardId, WorkflowWrite write) {
      call();
    }

    @Override
    public Optional<WorkflowSnapshot> getWorkflowExecution(int shardId, WorkflowKey key) {
      call();
      return Optional.empty();
    }

    @Override
    public void deleteWorkflowExecution(int shardId, WorkflowKey key, java.util.List<byte[]> branchTokens) {
      call();
    }

    @Override
    public Optional<CurrentExecution> getCurrentExecution(int shardId, String namespaceId, String workflowId) {
      call();
      return Optional.empty();
    }

    @Override
    public HistoryPage readHistory(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken) {
      call();
      return new HistoryPage(List.of(), null);
    }

    @Override
    public byte[] forkHistoryBranch(byte[] baseToken, long forkEventId) {
      call();
      return baseToken;
    }

    @Override
    public List<TransferTaskRecord> getTransferTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId, int limit) {
      call();
      return List.of();
    }

    @Override
    public void rangeCompleteTransferTasks(int shardId, long inclusiveMaxTaskId) {
      call();
    }

    @Override
    public List<TimerTaskRecord> getTimerTasks(int shardId, Instant minFireTime, long exclusiveMinTaskId,
        Instant maxExclusive, int limit) {
      call();
      return List.of();
    }

    @Override
    public void rangeCompleteTimerTasks(int shardId, Instant exclusiveMaxFireTime) {
      call();
    }

    @Override
    public List<ReplicationTaskRecord> getReplicationTasks(int shardId, long exclusiveMinTaskId, long inclusiveMaxTaskId,
        int limit) {
      call();
      return List.of();
    }

    @Override
    public void rangeCompleteReplicationTasks(int shardId, long inclusiveMaxTaskId) {
      call();
    }
  }
}
