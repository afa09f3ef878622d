package dev.conduit.frontend.routing;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one internal call, and again after a short pause while it answers UNAVAILABLE: the owner of a
 * shard or queue changes before every frontend's membership view does. Each attempt resolves the owner
 * anew. Any other status, and the last UNAVAILABLE, goes to the caller unchanged. Stops early when the
 * client's call was cancelled.
 */
final class UnavailableRetry {
  private static final Logger log = LoggerFactory.getLogger(UnavailableRetry.class);

  private UnavailableRetry() {}

  static <R> R run(CallSettings settings, String what, Supplier<R> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || n >= settings.maxAttempts()
            || Context.current().isCancelled()) {
          throw e;
        }
        log.debug("{} answered UNAVAILABLE (attempt {} of {}): {}", what, n, settings.maxAttempts(),
            e.getStatus().getDescription());
        pause(settings, n);
      }
    }
  }

  private static void pause(CallSettings settings, int attempt) {
    try {
      Thread.sleep(settings.backoff(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted while waiting to retry").asRuntimeException();
    }
  }
}
