package dev.conduit.bench.load;

import dev.conduit.bench.measure.LatencySummary;
import dev.conduit.bench.report.PhaseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Collects the outcomes of one phase's workflows and checks each result. A workflow counts as completed
 * only when it returned exactly the expected value; a refused start, a failed workflow, a timeout or a
 * wrong value is an error and never adds to throughput.
 *
 * <p>Within the measured window, throughput counts successes that <em>finished</em> in the window, and
 * latency covers successes whose <em>intended</em> start fell in it; for an open loop the intended start
 * is the scheduled arrival time, so time spent waiting to be started shows as latency.
 */
public final class PhaseRecorder {
  private static final int ERROR_SAMPLES = 5;

  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger completedInWindow = new AtomicInteger();
  private final List<Long> latencies = new ArrayList<>();
  private final List<String> errorSamples = new ArrayList<>();
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  /**
   * Starts one workflow through {@code start} and records its outcome against {@code expected}. The
   * returned future completes (never exceptionally) once the outcome is recorded.
   */
  public CompletableFuture<Void> track(long intendedNanos, String expected, Supplier<CompletableFuture<String>> start) {
    started.incrementAndGet();
    inFlight.incrementAndGet();
    CompletableFuture<String> result;
    try {
      result = start.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.handle((value, failure) -> {
      record(intendedNanos, System.nanoTime(), expected, value, failure);
      return null;
    });
  }

  /** An open-loop arrival that was not started because too many workflows were in flight. */
  public void drop() {
    dropped.incrementAndGet();
  }

  void record(long intendedNanos, long doneNanos, String expected, String value, Throwable failure) {
    try {
      if (failure != null) {
        error(describe(failure));
      } else if (!Objects.equals(expected, value)) {
        error("wrong result: expected '" + expected + "' but got '" + value + "'");
      } else {
        if (doneNanos >= windowStart && doneNanos <= windowEnd) {
          completedInWindow.incrementAndGet();
        }
        if (intendedNanos >= windowStart && intendedNanos <= windowEnd) {
          synchronized (latencies) {
            latencies.add(doneNanos - intendedNanos);
          }
        }
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * Sets the measured window, {@code System.nanoTime()} values, before it opens; outcomes outside it only
   * count if they are errors.
   */
  public void window(long startNanos, long endNanos) {
    windowStart = startNanos;
    windowEnd = endNanos;
  }

  public int started() {
    return started.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int errors() {
    return errors.get();
  }

  public int dropped() {
    return dropped.get();
  }

  /** Successes so far, in the window or not; for progress lines. */
  public int completed() {
    return completedInWindow.get();
  }

  /** The phase's figures; call once the window has passed and the in-flight workflows drained. */
  public PhaseResult result(String name, Double offeredRate) {
    double seconds = (windowEnd - windowStart) / 1e9;
    long[] nanos;
    synchronized (latencies) {
      nanos = latencies.stream().mapToLong(Long::longValue).toArray();
    }
    List<String> samples;
    synchronized (errorSamples) {
      samples = List.copyOf(errorSamples);
    }
    int completed = completedInWindow.get();
    double throughput = seconds > 0 ? Math.round(completed / seconds * 100) / 100.0 : 0;
    return new PhaseResult(name, offeredRate, Math.round(seconds * 100) / 100.0, started.get(), completed,
        errors.get(), dropped.get(), throughput, LatencySummary.ofNanos(nanos), samples, Map.of(), null, null);
  }

  private void error(String message) {
    errors.incrementAndGet();
    synchronized (errorSamples) {
      if (errorSamples.size() < ERROR_SAMPLES) {
        errorSamples.add(message);
      }
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause ? text : text + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
