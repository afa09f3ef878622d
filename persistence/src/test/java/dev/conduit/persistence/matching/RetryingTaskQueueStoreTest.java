package dev.conduit.persistence.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.resilience.PersistenceRetry;
import dev.conduit.proto.matching.v1.TaskQueueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lease writes of matching after a lost answer: each case times out a conditional write (applied or
 * not, as the fake decides) and checks that the store re-reads the lease and decides from what it finds.
 */
class RetryingTaskQueueStoreTest {
  private static final TaskQueueId QUEUE = new TaskQueueId("ns", "orders", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, false);
  private static final String ME = "matching-1";

  private final FakeStore fake = new FakeStore();
  private final RetryingTaskQueueStore store =
      new RetryingTaskQueueStore(fake, PersistenceRetry.of(3, Duration.ofMillis(1), Duration.ofMillis(1)));

  @Test
  void renewalThatTimedOutAfterBeingAppliedIsReturnedAsRenewedNotAsALostLease() {
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    fake.renewals.add(Failure.APPLY_THEN_TIME_OUT);

    TaskQueueLease renewed = store.renewRange(QUEUE, 7, ME);

    assertThat(renewed).isEqualTo(new TaskQueueLease(QUEUE, 8, 40));
    assertThat(fake.renewCalls).isEqualTo(1); // settled by the read, not by writing again
    assertThat(fake.leaseReads).isEqualTo(1);
    assertThat(fake.lease.rangeId()).isEqualTo(8);
  }

  @Test
  void renewalThatTimedOutWithoutBeingAppliedIsTriedAgain() {
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    fake.renewals.add(Failure.TIME_OUT);

    TaskQueueLease renewed = store.renewRange(QUEUE, 7, ME);

    assertThat(renewed.rangeId()).isEqualTo(8);
    assertThat(fake.renewCalls).isEqualTo(2);
    assertThat(fake.lease).isEqualTo(new TaskQueueLeaseRecord(8, 40, ME));
  }

  @Test
  void renewalWhoseRangeAnotherOwnerMovedIsALostLease() {
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    fake.renewals.add(Failure.TIME_OUT);
    fake.afterFailure = () -> fake.lease = new TaskQueueLeaseRecord(8, 40, "matching-2");

    assertThatThrownBy(() -> store.renewRange(QUEUE, 7, ME))
        .isInstanceOfSatisfying(TaskQueueLeaseLostException.class, lost -> {
          assertThat(lost.expectedRangeId()).isEqualTo(7);
          assertThat(lost.actualRangeId()).isEqualTo(8);
        });
    assertThat(fake.renewCalls).isEqualTo(1);
  }

  @Test
  void renewalRefusedByTheRangeOurOwnLostAttemptMovedIsRecognisedAsOurs() {
    // the first attempt is applied but its answer lost as a retryable error; the repeat then meets range 8
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    fake.renewals.add(Failure.APPLY_THEN_FAIL_RETRYABLY);

    assertThat(store.renewRange(QUEUE, 7, ME)).isEqualTo(new TaskQueueLease(QUEUE, 8, 40));
  }

  @Test
  void renewalRefusedOutrightIsALostLeaseWithoutARead() {
    fake.lease = new TaskQueueLeaseRecord(9, 40, "matching-2");

    assertThatThrownBy(() -> store.renewRange(QUEUE, 7, ME)).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThat(fake.leaseReads).isZero();
  }

  @Test
  void renewalThatNeverSettlesGivesUpWithTheUnknownOutcome() {
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    for (int i = 0; i < RetryingTaskQueueStore.MAX_ATTEMPTS; i++) {
      fake.renewals.add(Failure.TIME_OUT);
    }

    assertThatThrownBy(() -> store.renewRange(QUEUE, 7, ME)).isInstanceOf(OutcomeUnknownException.class);
    assertThat(fake.renewCalls).isEqualTo(RetryingTaskQueueStore.MAX_ATTEMPTS);
    assertThat(fake.lease.rangeId()).isEqualTo(7);
  }

  @Test
  void fencedWriteWithUnknownOutcomeIsRepeatedWhileTheRangeIsStillOurs() {
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    fake.ackWrites.add(Failure.TIME_OUT);

    store.updateAckLevel(QUEUE, 7, 55);

    assertThat(fake.ackCalls).isEqualTo(2);
    assertThat(fake.lease.ackLevel()).isEqualTo(55);
  }

  @Test
  void fencedWriteWithUnknownOutcomeIsALostLeaseOnceTheRangeMoved() {
    fake.lease = new TaskQueueLeaseRecord(7, 40, ME);
    fake.ackWrites.add(Failure.TIME_OUT);
    fake.afterFailure = () -> fake.lease = new TaskQueueLeaseRecord(8, 40, "matching-2");

    assertThatThrownBy(() -> store.updateAckLevel(QUEUE, 7, 55)).isInstanceOf(TaskQueueLeaseLostException.class);
    assertThat(fake.ackCalls).isEqualTo(1);
    assertThat(fake.lease.ackLevel()).isEqualTo(40);
  }

  @Test
  void leaseOutcomeIsDecidedFromTheStoredRangeAndOwner() {
    assertThat(LeaseOutcome.ofRenewal(7, ME, Optional.of(new TaskQueueLeaseRecord(8, 0, ME)))).isEqualTo(LeaseOutcome.APPLIED);
    assertThat(LeaseOutcome.ofRenewal(7, ME, Optional.of(new TaskQueueLeaseRecord(8, 0, "other")))).isEqualTo(LeaseOutcome.LOST);
    assertThat(LeaseOutcome.ofRenewal(7, ME, Optional.of(new TaskQueueLeaseRecord(7, 0, ME)))).isEqualTo(LeaseOutcome.STILL_HELD);
    assertThat(LeaseOutcome.ofRenewal(7, ME, Optional.of(new TaskQueueLeaseRecord(9, 0, ME)))).isEqualTo(LeaseOutcome.LOST);
    assertThat(LeaseOutcome.ofRenewal(7, ME, Optional.empty())).isEqualTo(LeaseOutcome.LOST);
    assertThat(LeaseOutcome.ofFencedWrite(7, Optional.of(new TaskQueueLeaseRecord(7, 0, "anyone")))).isEqualTo(LeaseOutcome.STILL_HELD);
    assertThat(LeaseOutcome.ofFencedWrite(7, Optional.of(new TaskQueueLeaseRecord(8, 0, ME)))).isEqualTo(LeaseOutcome.LOST);
  }

  private enum Failure { TIME_OUT, APPLY_THEN_TIME_OUT, APPLY_THEN_FAIL_RETRYABLY }

  /** One task queue row, with the fencing of the Cassandra store and scripted failures of its writes. */
  private static final class FakeStore implements TaskQueueStore {
    TaskQueueLeaseRecord lease;
    final List<Failure> renewals = new ArrayList<>();
    final List<Failure> ackWrites = new ArrayList<>();
    Runnable afterFailure = () -> { };
    int renewCalls;
    int ackCalls;
    int leaseReads;

    @Override
    public TaskQueueLease acquireLease(TaskQueueId queue, String owner) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TaskQueueLease renewRange(TaskQueueId queue, long rangeId, String owner) {
      renewCalls++;
      Failure failure = renewals.isEmpty() ? null : renewals.remove(0);
      if (failure == Failure.TIME_OUT) {
        throw unknown();
      }
      if (lease.rangeId() != rangeId) {
        throw new TaskQueueLeaseLostException(queue, rangeId, lease.rangeId());
      }
      lease = new TaskQueueLeaseRecord(rangeId + 1, lease.ackLevel(), owner);
      if (failure == Failure.APPLY_THEN_TIME_OUT) {
        throw unknown();
      }
      if (failure == Failure.APPLY_THEN_FAIL_RETRYABLY) {
        throw new PersistenceException("read after renewal timed out", true);
      }
      return new TaskQueueLease(queue, lease.rangeId(), lease.ackLevel());
    }

    @Override
    public Optional<TaskQueueLeaseRecord> readLease(TaskQueueId queue) {
      leaseReads++;
      return Optional.ofNullable(lease);
    }

    @Override
    public void createTasks(TaskQueueId queue, long rangeId, List<TaskRecord> tasks) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<TaskRecord> readTasks(TaskQueueId queue, long exclusiveMinId, long inclusiveMaxId, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void updateAckLevel(TaskQueueId queue, long rangeId, long ackLevel) {
      ackCalls++;
      if (!ackWrites.isEmpty() && ackWrites.remove(0) == Failure.TIME_OUT) {
        throw unknown();
      }
      if (lease.rangeId() != rangeId) {
        throw new TaskQueueLeaseLostException(queue, rangeId, lease.rangeId());
      }
      lease = new TaskQueueLeaseRecord(rangeId, ackLevel, lease.owner());
    }

    @Override
    public void deleteTasksUpTo(TaskQueueId queue, long inclusiveMaxId) {
      throw new UnsupportedOperationException();
    }

    private OutcomeUnknownException unknown() {
      afterFailure.run();
      afterFailure = () -> { };
      return new OutcomeUnknownException("task queue store",
          new WriteTimeoutException(null, DefaultConsistencyLevel.LOCAL_SERIAL, 0, 1, DefaultWriteType.CAS));
    }
  }
}
