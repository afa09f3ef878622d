package dev.conduit.bench.load;

import dev.conduit.bench.workload.SdkSession;
import dev.conduit.bench.workload.Workload;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every load phase against one server shares: the SDK session, progress output, the server's
 * label and how long to wait for stragglers. Gives each workflow a unique id and its expected result.
 */
public final class LoadContext {
  private final SdkSession session;
  private final Progress progress;
  private final String label;
  private final Duration drainTimeout;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();

  public LoadContext(SdkSession session, Progress progress, String label, Duration drainTimeout) {
    this.session = session;
    this.progress = progress;
    this.label = label;
    this.drainTimeout = drainTimeout;
  }

  /** Starts one workflow of {@code activities} activities, tracked by {@code recorder}. */
  CompletableFuture<Void> startOne(PhaseRecorder recorder, String phase, int activities, long intendedNanos) {
    long n = sequence.incrementAndGet();
    String name = "w" + n;
    String workflowId = "bench-" + runId + "-" + phase + "-" + n;
    return recorder.track(intendedNanos, Workload.expected(name, activities),
        () -> session.start(workflowId, name, activities));
  }

  /** The SDK session the phases run on. */
  public SdkSession session() {
    return session;
  }

  Progress progress() {
    return progress;
  }

  String label() {
    return label;
  }

  Duration drainTimeout() {
    return drainTimeout;
  }

  /** Drains the phase, saying so when stragglers are left behind. */
  void drain(PhaseRecorder recorder, String phase) {
    if (!Drain.await(recorder, drainTimeout)) {
      progress.note(label + " " + phase + ": " + recorder.inFlight() + " workflows still in flight after "
          + drainTimeout.toSeconds() + "s; moving on");
    }
  }
}
