package dev.conduit.history.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A queue's passes ask to be woken for their next one. The pass a wake-up started asks while that wake-up has not
 * finished on its thread (a busy machine may hold that thread there for a while): its request must not be taken as
 * covered by the wake-up that is ending, or the queue sleeps until something new is written to it.
 */
class QueueWakeUpTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final InlineScheduler pool = new InlineScheduler();

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
      assertThat(pool.waiting()).as("wake-ups waiting after pass %d", 1 + second).hasSize(1);
    }
  }

  @Test
  void aWakeUpThatHasNotBegunCoversALaterRequest() {
    EverySecond queue = new EverySecond();
    queue.start();

    queue.wakeAt(clock.instant().plusSeconds(5));

    assertThat(pool.waiting()).as("the one for a second from now covers it").hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    pool.runDue();
    assertThat(queue.passes).isEqualTo(2);
  }

  /**
   * Runs submitted work at once on the caller's thread; delayed work runs when {@link #runDue} finds it due, and its
   * future is done only once it returned, as a real scheduler's.
   */
  private final class InlineScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final List<Delayed> scheduled = new ArrayList<>();

    void runDue() {
      for (Delayed task : List.copyOf(scheduled)) {
        Scheduled<?> due = (Scheduled<?>) task;
        if (!due.done && !due.cancelled && !due.at.isAfter(clock.instant())) {
          due.command.run();
          due.done = true;
        }
      }
    }

    List<Delayed> waiting() {
      return scheduled.stream().filter(task -> !((Scheduled<?>) task).done && !((Scheduled<?>) task).cancelled)
          .toList();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      Scheduled<Object> task = new Scheduled<>(command, clock.instant().plusNanos(unit.toNanos(delay)));
      scheduled.add(task);
      return task;
    }

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  private final class Scheduled<V> implements ScheduledFuture<V> {
    final Runnable command;
    final Instant at;
    boolean done;
    boolean cancelled;

    Scheduled(Runnable command, Instant at) {
      this.command = command;
      this.at = at;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), at));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = !done;
      return cancelled;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public V get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public V get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
