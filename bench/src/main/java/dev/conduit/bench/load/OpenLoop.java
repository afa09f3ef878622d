package dev.conduit.bench.load;

import dev.conduit.bench.report.PhaseResult;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A fixed arrival rate, whatever the server does: workflow {@code i} is due at {@code start + i/rate} and
 * its latency is measured from that moment, so a server that falls behind shows growing latency instead
 * of quietly slowing the load down. Arrivals beyond {@code maxInFlight} are dropped and counted.
 */
public final class OpenLoop {
  private OpenLoop() {}

  public static PhaseResult run(LoadContext context, String phase, double rate, int activities, Duration duration,
      int maxInFlight) {
    PhaseRecorder recorder = new PhaseRecorder();
    Semaphore slots = new Semaphore(maxInFlight);
    ExecutorService starters = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "bench-arrival");
      thread.setDaemon(true);
      return thread;
    });
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    double intervalNanos = 1e9 / rate;
    recorder.window(start, end);
    context.progress().follow(String.format("%s %s @ %.1f/s", context.label(), phase, rate), recorder, duration);
    try {
      for (long i = 0; ; i++) {
        long due = start + (long) (i * intervalNanos);
        if (due >= end) {
          break;
        }
        ClosedLoop.sleepUntil(due);
        if (!slots.tryAcquire()) {
          recorder.drop();
          continue;
        }
        starters.execute(() -> context.startOne(recorder, phase, activities, due)
            .whenComplete((ignored, failure) -> slots.release()));
      }
      ClosedLoop.sleepUntil(end);
      context.drain(recorder, phase);
    } finally {
      starters.shutdown();
      context.progress().idle();
    }
    return recorder.result(phase, rate);
  }
}
