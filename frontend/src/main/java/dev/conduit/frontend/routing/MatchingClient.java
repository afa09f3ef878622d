package dev.conduit.frontend.routing;

import dev.conduit.proto.matching.v1.MatchingServiceGrpc.MatchingServiceBlockingStub;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Forwards worker polls, and the answers to query tasks, to the matching host that owns the queue. The forwarded call runs in the worker's
 * gRPC context: when the worker cancels (shutdown, or its own deadline), the call to matching is cancelled
 * with it and matching drops the poller. A poll that reaches its deadline is an expired long poll, not an
 * error.
 */
public final class MatchingClient {
  private final MatchingRouter router;
  private final CallSettings settings;

  public MatchingClient(MatchingRouter router, CallSettings settings) {
    this.router = router;
    this.settings = settings;
  }

  /** A unary call to the owner of {@code queue} with the normal deadline, UNAVAILABLE retried. */
  public <R> R call(TaskQueueKey queue, Function<MatchingServiceBlockingStub, R> rpc) {
    return UnavailableRetry.run(settings, "matching queue " + MatchingRouter.ringKey(queue), () ->
        rpc.apply(router.matching(queue).withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)));
  }

  /**
   * The poll's answer, or empty when it expired (matching answered nothing in time). Other statuses
   * propagate unchanged.
   */
  public <R> Optional<R> poll(TaskQueueKey queue, Function<MatchingServiceBlockingStub, R> rpc) {
    try {
      return Optional.of(UnavailableRetry.run(settings, "matching queue " + MatchingRouter.ringKey(queue), () ->
          rpc.apply(router.matching(queue)
              .withDeadlineAfter(settings.longPollTimeout().toMillis(), TimeUnit.MILLISECONDS))));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
