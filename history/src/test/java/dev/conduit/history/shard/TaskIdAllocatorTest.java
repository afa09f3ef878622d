package dev.conduit.history.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.testing.InMemoryShardStore;
import dev.conduit.persistence.execution.ShardOwnershipLostException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIdAllocatorTest {
  private final InMemoryShardStore shards = new InMemoryShardStore();
  private final Instant t0 = Instant.parse("2024-01-01T00:00:00Z");

  private TaskIdAllocator allocator(long sequenceLimit) {
    long range = shards.acquire(3, "host-a").rangeId();
    return new TaskIdAllocator(3, "host-a", shards, range, Instant.EPOCH, sequenceLimit);
  }

  @Test
  void idsComeFromTheRangeShiftedByTwentyBits() {
    TaskIdAllocator allocator = allocator(TaskIdAllocator.SEQUENCE_LIMIT);
    TaskIdAllocator.Ticket ticket = allocator.begin(2, List.of());
    allocator.end(ticket);
    assertThat(ticket.rangeId()).isEqualTo(1);
    assertThat(ticket.txnId()).isEqualTo(1L << 20);
    assertThat(ticket.transferIds()).containsExactly((1L << 20) + 1, (1L << 20) + 2);
  }

  @Test
  void exhaustedRangeIsRenewedAndIdsKeepGrowing() {
    TaskIdAllocator allocator = allocator(4);
    TaskIdAllocator.Ticket first = allocator.begin(2, List.of());
    allocator.end(first);
    TaskIdAllocator.Ticket second = allocator.begin(2, List.of());
    allocator.end(second);
    assertThat(second.rangeId()).isEqualTo(2);
    assertThat(shards.rangeId(3)).isEqualTo(2);
    assertThat(second.txnId()).isGreaterThan(first.transferIds().get(1));
    assertThat(second.txnId()).isEqualTo(2L << 20);
  }

  @Test
  void renewalAfterAnotherHostTookTheShardFails() {
    TaskIdAllocator allocator = allocator(2);
    allocator.end(allocator.begin(1, List.of()));
    shards.acquire(3, "host-b");
    assertThatThrownBy(() -> allocator.begin(1, List.of())).isInstanceOf(ShardOwnershipLostException.class);
  }

  @Test
  void replicationIdsFollowTheWritesOtherIdsAndHoldTheReplicationReadLevel() {
    TaskIdAllocator allocator = allocator(TaskIdAllocator.SEQUENCE_LIMIT);
    TaskIdAllocator.Ticket slow = allocator.begin(1, List.of(t0), 2);
    assertThat(slow.replicationIds()).containsExactly((1L << 20) + 3, (1L << 20) + 4);
    TaskIdAllocator.Ticket fast = allocator.begin(0, List.of(), 1);
    allocator.end(fast);
    assertThat(allocator.replicationMaxReadLevel()).isEqualTo(slow.replicationIds().get(0) - 1);
    allocator.end(slow);
    assertThat(allocator.replicationMaxReadLevel()).isEqualTo(fast.replicationIds().get(0));
  }

  @Test
  void transferReadLevelStaysBelowIdsStillBeingWritten() {
    TaskIdAllocator allocator = allocator(TaskIdAllocator.SEQUENCE_LIMIT);
    TaskIdAllocator.Ticket slow = allocator.begin(1, List.of());
    TaskIdAllocator.Ticket fast = allocator.begin(1, List.of());
    allocator.end(fast);
    assertThat(allocator.transferMaxReadLevel()).isEqualTo(slow.transferIds().get(0) - 1);
    allocator.end(slow);
    assertThat(allocator.transferMaxReadLevel()).isGreaterThanOrEqualTo(fast.transferIds().get(0));
  }

  @Test
  void timerReadBoundStopsAtTimersStillBeingWrittenAndLateTimersAreMovedForward() {
    TaskIdAllocator allocator = allocator(TaskIdAllocator.SEQUENCE_LIMIT);
    TaskIdAllocator.Ticket pending = allocator.begin(0, List.of(t0.plusSeconds(5)));
    assertThat(allocator.timerReadBound(t0.plusSeconds(10))).isEqualTo(t0.plusSeconds(5));
    allocator.end(pending);
    Instant bound = allocator.timerReadBound(t0.plusSeconds(10));
    assertThat(bound).isEqualTo(t0.plusSeconds(10).plusMillis(1));

    TaskIdAllocator.Ticket late = allocator.begin(0, List.of(t0.plusSeconds(2)));
    allocator.end(late);
    assertThat(late.timerFireTimes()).as("never behind what the queue already read").containsExactly(bound);
  }
}
