package dev.conduit.history.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.persistence.execution.HistoryBatch;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The host's cache of the history batches it committed: one contiguous chain of the latest batches per branch, a read
 * answered only when the chain holds every event it asks for, bounded in bytes and in batches per branch.
 */
class EventsCacheTest {
  private static final byte[] BRANCH = "branch-a".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER = "branch-b".getBytes(StandardCharsets.UTF_8);

  private static HistoryBatch batch(long first, long last, int size) {
    return new HistoryBatch(first, last, first, new byte[size]);
  }

  @Test
  void aReadIsAnsweredOnlyWhenTheKeptChainHoldsEveryEventItAsksFor() {
    EventsCache cache = new EventsCache(1 << 20, 8);
    HistoryBatch first = batch(1, 3, 10);
    HistoryBatch second = batch(4, 4, 10);
    HistoryBatch third = batch(5, 7, 10);
    cache.put(0, BRANCH, first);
    cache.put(0, BRANCH, second);
    cache.put(0, BRANCH, third);

    assertThat(cache.get(BRANCH, 1, 8)).containsExactly(first, second, third);
    assertThat(cache.get(BRANCH, 5, 8)).as("the events since the last task").containsExactly(third);
    assertThat(cache.get(BRANCH, 2, 5)).as("batches holding part of the range").containsExactly(first, second);
    assertThat(cache.get(BRANCH, 4, 9)).as("event 8 was not written here").isNull();
    assertThat(cache.get(OTHER, 1, 2)).isNull();
  }

  @Test
  void aBatchThatDoesNotContinueTheChainStartsItOver() {
    EventsCache cache = new EventsCache(1 << 20, 8);
    cache.put(0, BRANCH, batch(1, 3, 10));
    cache.put(0, BRANCH, batch(6, 7, 10)); // events 4 and 5 were written elsewhere
    assertThat(cache.get(BRANCH, 1, 8)).isNull();
    assertThat(cache.get(BRANCH, 6, 8)).hasSize(1);

    HistoryBatch rewritten = batch(6, 8, 12); // the same event ids written again: what was kept is replaced
    cache.put(0, BRANCH, rewritten);
    assertThat(cache.get(BRANCH, 6, 9)).containsExactly(rewritten);
    assertThat(cache.bytes()).isEqualTo(12);
  }

  @Test
  void eachBranchKeepsItsLatestBatchesAndTheHostItsBudget() {
    EventsCache cache = new EventsCache(100, 2);
    cache.put(0, BRANCH, batch(1, 1, 10));
    cache.put(0, BRANCH, batch(2, 2, 10));
    cache.put(0, BRANCH, batch(3, 3, 10));
    assertThat(cache.get(BRANCH, 1, 4)).as("the oldest batch made room").isNull();
    assertThat(cache.get(BRANCH, 2, 4)).hasSize(2);
    assertThat(cache.bytes()).isEqualTo(20);

    cache.put(1, OTHER, batch(1, 1, 20));
    cache.put(1, OTHER, batch(2, 2, 20));
    cache.put(1, OTHER, batch(3, 3, 20)); // OTHER keeps 40 bytes of its latest two; 60 in all
    assertThat(cache.bytes()).isEqualTo(60);
    byte[] third = "branch-c".getBytes(StandardCharsets.UTF_8);
    cache.put(2, third, batch(1, 1, 25)); // 85: within the budget
    cache.put(2, third, batch(2, 2, 25)); // 110: the least recently used branch goes
    assertThat(cache.get(BRANCH, 2, 4)).as("used before OTHER's writes").isNull();
    assertThat(cache.get(OTHER, 2, 4)).hasSize(2);
    assertThat(cache.get(third, 1, 3)).hasSize(2);
    assertThat(cache.bytes()).isEqualTo(90);

    cache.put(2, third, batch(3, 3, 26)); // over a quarter of the budget: not kept, and the chain no longer reaches
    assertThat(cache.get(third, 1, 3)).isNull();
    assertThat(cache.bytes()).isEqualTo(40);
  }

  @Test
  void aShardAcquiredAgainForgetsWhatTheHostKeptOfIt() {
    EventsCache cache = new EventsCache(1 << 20, 8);
    cache.put(0, BRANCH, batch(1, 3, 10));
    cache.put(1, OTHER, batch(1, 3, 10));
    cache.forgetShard(0);
    assertThat(cache.get(BRANCH, 1, 4)).isNull();
    assertThat(cache.get(OTHER, 1, 4)).hasSize(1);
    assertThat(cache.bytes()).isEqualTo(10);
  }
}
