package dev.conduit.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress lines while a benchmark runs: every few seconds the current phase, its elapsed time, the
 * workflows completed and failed so far and those in flight. One line each, so logs stay readable.
 */
public final class Progress implements AutoCloseable {
  private final PrintStream out;
  private final ScheduledExecutorService ticker;
  private volatile Phase current;

  private record Phase(String label, PhaseRecorder recorder, long startNanos, long plannedNanos) {}

  public Progress(PrintStream out, Duration interval) {
    this.out = out;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "bench-progress");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Follows a phase of {@code planned} length (drain not included) until the next call. */
  public void follow(String label, PhaseRecorder recorder, Duration planned) {
    current = new Phase(label, recorder, System.nanoTime(), planned.toNanos());
    note(label + ": started, " + seconds(planned.toNanos()) + " planned");
  }

  /** Stops following the current phase. */
  public void idle() {
    current = null;
  }

  /** Prints one line at once. */
  public void note(String line) {
    synchronized (out) {
      out.println("bench: " + line);
      out.flush();
    }
  }

  private void tick() {
    Phase phase = current;
    if (phase == null) {
      return;
    }
    PhaseRecorder r = phase.recorder();
    long elapsed = System.nanoTime() - phase.startNanos();
    String when = elapsed <= phase.plannedNanos()
        ? seconds(elapsed) + "/" + seconds(phase.plannedNanos())
        : "draining";
    note(String.format("%s: %s  started %d  ok %d  errors %d%s  in flight %d", phase.label(), when, r.started(),
        r.completed(), r.errors(), r.dropped() > 0 ? "  dropped " + r.dropped() : "", r.inFlight()));
  }

  private static String seconds(long nanos) {
    return String.format("%.0fs", nanos / 1e9);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
