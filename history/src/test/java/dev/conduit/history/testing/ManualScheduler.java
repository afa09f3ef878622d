package dev.conduit.history.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler whose delayed tasks come due on a {@link ManualClock}: they run, on the caller's thread,
 * only when a test calls {@link #runDue()} after moving the clock, so a long-poll timeout fires exactly
 * when the test says and never because the machine was slow. Tasks without a delay run at once on a
 * worker thread, as on a real scheduler.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final ManualClock clock;
  private final ExecutorService worker = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "manual-scheduler-worker");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Task<?>> delayed = new ArrayList<>();
  private final boolean inline;

  public ManualScheduler(ManualClock clock) {
    this(clock, false);
  }

  private ManualScheduler(ManualClock clock, boolean inline) {
    this.clock = clock;
    this.inline = inline;
  }

  /**
   * Like the other, but tasks without a delay run at once on the caller's thread: work a delayed task submits runs
   * inside it, before that task's future is done.
   */
  public static ManualScheduler runningSubmittedWorkInline(ManualClock clock) {
    return new ManualScheduler(clock, true);
  }

  /** Runs, in due order, every delayed task that is due on the clock and was not cancelled. */
  public void runDue() {
    while (true) {
      Task<?> next;
      synchronized (delayed) {
        next = delayed.stream().filter(task -> !task.due.isAfter(clock.instant()))
            .min(Comparator.comparing(task -> task.due)).orElse(null);
        if (next == null) {
          return;
        }
        delayed.remove(next);
      }
      next.run();
    }
  }

  /** Delayed tasks waiting for the clock (cancelled ones are forgotten). */
  public int pending() {
    synchronized (delayed) {
      return delayed.size();
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(() -> {
      command.run();
      return null;
    }, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    Task<V> task = new Task<>(callable, clock.instant().plus(Duration.ofNanos(unit.toNanos(delay))));
    synchronized (delayed) {
      delayed.add(task);
    }
    return task;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the code under test");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the code under test");
  }

  @Override
  public void execute(Runnable command) {
    if (inline) {
      command.run();
      return;
    }
    worker.execute(command);
  }

  @Override
  public void shutdown() {
    worker.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    synchronized (delayed) {
      delayed.clear();
    }
    return worker.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return worker.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return worker.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return worker.awaitTermination(timeout, unit);
  }

  private final class Task<V> implements ScheduledFuture<V> {
    private final Callable<V> callable;
    private final Instant due;
    private final CompletableFuture<V> result = new CompletableFuture<>();

    Task(Callable<V> callable, Instant due) {
      this.callable = callable;
      this.due = due;
    }

    void run() {
      if (result.isDone()) {
        return;
      }
      try {
        result.complete(callable.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (delayed) {
        delayed.remove(this);
      }
      return result.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return result.isCancelled();
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return result.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return result.get(timeout, unit);
    }
  }
}
