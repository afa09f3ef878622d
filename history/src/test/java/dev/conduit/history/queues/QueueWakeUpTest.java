package dev.conduit.history.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.ManualClock;
import dev.conduit.history.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A queue's passes ask to be woken for their next one. The pass a wake-up started asks while that wake-up has not
 * finished on its thread (a busy machine may hold that thread there for a while): its request must not be taken as
 * covered by the wake-up that is ending, or the queue sleeps until something new is written to it.
 */
class QueueWakeUpTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final ManualScheduler pool = ManualScheduler.runningSubmittedWorkInline(clock);

  /** A queue whose every pass asks for the next one a second later. */
  private final class EverySecond extends QueueProcessor {
    int passes;

    EverySecond() {
      super(QueueWakeUpTest.this.pool, QueueWakeUpTest.this.clock);
    }

    @Override
    public Instant processOnce() {
      passes++;
      return clock.instant().plusSeconds(1);
    }
  }

  @Test
  void aPassStartedByAWakeUpGetsItsOwnWakeUpEvenBeforeThatOneHasFinished() {
    EverySecond queue = new EverySecond();
    queue.start();
    assertThat(queue.passes).isEqualTo(1);

    for (int second = 1; second <= 3; second++) {
      clock.advance(Duration.ofSeconds(1));
      pool.runDue(); // the pass runs inside the wake-up, before its future is done

      assertThat(queue.passes).isEqualTo(1 + second);
      assertThat(pool.pending()).as("wake-ups waiting after pass %d", 1 + second).isEqualTo(1);
    }
  }

  @Test
  void aWakeUpThatHasNotBegunCoversALaterRequest() {
    EverySecond queue = new EverySecond();
    queue.start();

    queue.wakeAt(clock.instant().plusSeconds(5));

    assertThat(pool.pending()).as("the one for a second from now covers it").isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    pool.runDue();
    assertThat(queue.passes).isEqualTo(2);
  }
}
