package dev.conduit.history.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.errors.WorkflowBusyException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Updates are conditioned on the stored db version: a conflicting writer makes the change recompute. */
class ConditionalUpdateTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void conflictingWriteReloadsTheStateAndRecomputesTheChange() {
    WorkflowKey key = env.startWorkflow("cu-1");
    ShardContext shard = env.shard(key);
    env.state(key);
    MutableStateRecord stored = env.state(key);
    MutableState changed = MutableState.copyOf(stored);
    changed.infoBuilder().setIdentity("written-by-someone-else");
    env.store.overwriteSnapshot(key, changed.snapshot().toByteArray());

    AtomicInteger runs = new AtomicInteger();
    String seen = shard.update(key, tx -> {
      runs.incrementAndGet();
      tx.state().infoBuilder().setTaskQueue("moved");
      return tx.state().info().getIdentity();
    });
    assertThat(runs.get()).as("computed twice: once on the stale cache, once after reload").isEqualTo(2);
    assertThat(seen).isEqualTo("written-by-someone-else");
    assertThat(env.state(key).getExecutionInfo().getTaskQueue()).isEqualTo("moved");
    assertThat(env.state(key).getExecutionInfo().getIdentity()).isEqualTo("written-by-someone-else");
  }

  @Test
  void endlessConflictsGiveUpWithARetryableErrorAndChangeNothing() {
    WorkflowKey key = env.startWorkflow("cu-2");
    env.store.beforeWrite(write -> {
      throw new ConditionFailedException("always");
    });
    assertThatThrownBy(() -> env.shard(key).update(key, tx -> {
      tx.state().infoBuilder().setTaskQueue("never");
      return null;
    })).isInstanceOf(WorkflowBusyException.class).matches(e -> ((WorkflowBusyException) e).isRetryable());
    env.store.beforeWrite(write -> { });
    assertThat(env.state(key).getExecutionInfo().getTaskQueue()).isEqualTo(HistoryTestEnv.TASK_QUEUE);
  }

  @Test
  void writeWithUnknownOutcomeDropsTheCachedStateSoTheStoredOneIsReadNext() {
    WorkflowKey key = env.startWorkflow("cu-3");
    env.store.beforeWrite(write -> {
      throw new PersistenceException("timeout", true);
    });
    assertThatThrownBy(() -> env.shard(key).update(key, tx -> {
      tx.state().infoBuilder().setTaskQueue("maybe");
      return null;
    })).isInstanceOf(PersistenceException.class);
    env.store.beforeWrite(write -> { });
    MutableState changed = MutableState.copyOf(env.store.getWorkflowExecution(0, key)
        .map(s -> MutableState.decode(s.mutableState()).snapshot()).orElseThrow());
    changed.infoBuilder().setIdentity("from-store");
    env.store.overwriteSnapshot(key, changed.snapshot().toByteArray());
    assertThat(env.state(key).getExecutionInfo().getIdentity()).isEqualTo("from-store");
  }

  @Test
  void actionThatChangesNothingWritesNothing() {
    WorkflowKey key = env.startWorkflow("cu-4");
    int writes = env.store.writeCount();
    env.shard(key).update(key, tx -> tx.state().nextEventId());
    assertThat(env.store.writeCount()).isEqualTo(writes);
  }
}
