package dev.conduit.bench.load;

import java.time.Duration;

/** Waits for a phase's in-flight workflows, so the next phase starts on a quiet server. */
final class Drain {
  private Drain() {}

  /** True when nothing is in flight any more; false when {@code timeout} passed first. */
  static boolean await(PhaseRecorder recorder, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (recorder.inFlight() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
