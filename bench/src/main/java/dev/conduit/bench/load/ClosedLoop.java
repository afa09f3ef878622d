package dev.conduit.bench.load;

import dev.conduit.bench.report.PhaseResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of workflows in flight: each of {@code concurrency} users starts a workflow, waits for
 * its result and starts the next. After a warm-up, completions in the measured window give the
 * throughput. With one user it measures start-to-result latency of workflows run one at a time.
 */
public final class ClosedLoop {
  private ClosedLoop() {}

  public static PhaseResult run(LoadContext context, String phase, int concurrency, int activities, Duration warmup,
      Duration duration) {
    PhaseRecorder recorder = new PhaseRecorder();
    long start = System.nanoTime();
    long windowStart = start + warmup.toNanos();
    long end = windowStart + duration.toNanos();
    recorder.window(windowStart, end);
    context.progress().follow(context.label() + " " + phase, recorder, warmup.plus(duration));
    List<Thread> users = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      Thread user = new Thread(() -> {
        while (System.nanoTime() < end) {
          context.startOne(recorder, phase, activities, System.nanoTime()).join();
        }
      }, "bench-user-" + i);
      user.setDaemon(true);
      users.add(user);
      user.start();
    }
    sleepUntil(end);
    joinAll(users, context.drainTimeout());
    context.drain(recorder, phase);
    context.progress().idle();
    return recorder.result(phase, null);
  }

  static void sleepUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void joinAll(List<Thread> threads, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
