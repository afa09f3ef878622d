package dev.conduit.client;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every internal call to one service runs, the one place retry, circuit breaking and bulkheads are applied:
 *
 * <ol>
 *   <li>a bulkhead per service (unary calls and long polls apart) bounds the calls in flight; no room in time is
 *       RESOURCE_EXHAUSTED, not retried;
 *   <li>each attempt resolves the key's owner anew and asks that host's circuit breaker; an open breaker answers
 *       UNAVAILABLE without calling, so the retry looks for the owner again (a long poll does not keep one of the
 *       few places a half-open breaker gives while it waits for work);
 *   <li>UNAVAILABLE is retried with exponential backoff up to {@link CallSettings#maxAttempts()}; any other status
 *       reaches the caller unchanged (trailers and details included), and nothing is retried once the caller's
 *       gRPC context is cancelled or past its deadline.
 * </ol>
 *
 * <p>Calls run on the caller's thread in the caller's gRPC {@link Context}, so its cancellation and deadline
 * reach the host. A host's breaker counts as failures only what says the host itself is unwell: a transport
 * failure (UNAVAILABLE raised locally, with a cause) or a unary call running past its own deadline. Statuses the
 * host answered (including UNAVAILABLE for a shard it no longer owns, or a namespace in handover) count as
 * successes: the host is up and the retry finds the right one.
 */
public final class CallPolicy {
  private static final Logger log = LoggerFactory.getLogger(CallPolicy.class);

  /** What a call waits for, which decides its deadline, bulkhead and whether its expiry is the host's fault. */
  public enum Kind {
    /** A unary call; running past its deadline counts against the host. */
    CALL,
    /** A call that may legitimately wait until its deadline (a long poll, a query waiting for a worker). */
    LONG_POLL
  }

  private final String service;
  private final Router router;
  private final Retry retry;
  private final CircuitBreakerRegistry breakers;
  private final Bulkhead calls;
  private final Bulkhead longPolls;

  public CallPolicy(String service, Router router, CallSettings settings) {
    this.service = service;
    this.router = router;
    this.retry = Retry.of(service, RetryConfig.custom()
        .maxAttempts(settings.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0, settings.maxBackoff()))
        .retryOnException(CallPolicy::retryable)
        .build());
    retry.getEventPublisher().onRetry(event -> log.debug("{} call failed (attempt {} of {}), retrying in {}: {}",
        service, event.getNumberOfRetryAttempts(), settings.maxAttempts(), event.getWaitInterval(),
        event.getLastThrowable() == null ? "" : event.getLastThrowable().getMessage()));
    CallSettings.Breaker breaker = settings.breaker();
    this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(breaker.windowSize())
        .minimumNumberOfCalls(breaker.minimumCalls())
        .failureRateThreshold(breaker.failureRatePercent())
        .waitDurationInOpenState(breaker.openFor())
        .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
        .build());
    // a host that left takes its breaker with it: the registry does not grow with every host ever seen, and a
    // host that comes back at the same address starts with a closed breaker
    router.onHostLeft(breakers::remove);
    CallSettings.Bulkhead bulkhead = settings.bulkhead();
    this.calls = Bulkhead.of(service, BulkheadConfig.custom()
        .maxConcurrentCalls(bulkhead.maxCalls()).maxWaitDuration(bulkhead.maxWait()).build());
    this.longPolls = Bulkhead.of(service + "-long-poll", BulkheadConfig.custom()
        .maxConcurrentCalls(bulkhead.maxLongPolls()).maxWaitDuration(bulkhead.maxWait()).build());
  }

  /**
   * Runs {@code rpc} against the owner of {@code key}, under the policy above. {@code rpc} gets the owner's channel
   * and sets its own deadline.
   */
  public <R> R call(String key, Kind kind, Function<Channel, R> rpc) {
    Bulkhead bulkhead = kind == Kind.LONG_POLL ? longPolls : calls;
    if (!bulkhead.tryAcquirePermission()) {
      throw Status.RESOURCE_EXHAUSTED.withDescription("too many calls in flight to " + service + " from this host ("
          + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + ")").asRuntimeException();
    }
    try {
      return retry.executeSupplier(() -> attempt(key, kind, rpc));
    } finally {
      bulkhead.onComplete();
    }
  }

  /** The breaker of host {@code hostId}, for tests and diagnostics. */
  public CircuitBreaker breaker(String hostId) {
    return breakers.circuitBreaker(hostId);
  }

  /** The hosts this policy keeps a breaker for, for tests and diagnostics. */
  public Set<String> breakerHosts() {
    return breakers.getAllCircuitBreakers().stream().map(CircuitBreaker::getName).collect(Collectors.toSet());
  }

  public Router router() {
    return router;
  }

  private <R> R attempt(String key, Kind kind, Function<Channel, R> rpc) {
    Host host = router.route(key);
    CircuitBreaker breaker = breakers.circuitBreaker(host.id());
    if (!breaker.tryAcquirePermission()) {
      throw Status.UNAVAILABLE.withDescription(service + " host " + host.id() + " (" + host.address()
          + ") is failing; its circuit breaker is open").asRuntimeException();
    }
    boolean holdsPermission = true;
    if (kind == Kind.LONG_POLL) {
      // A half-open breaker lets a few calls test the host and refuses the rest until they end. A long poll may
      // wait a minute for work, so holding one of those places would shut every other call out for that long;
      // the poll gives its place back at once and its outcome is still recorded when it ends.
      breaker.releasePermission();
      holdsPermission = false;
    }
    long start = breaker.getCurrentTimestamp();
    try {
      R answer = rpc.apply(host.channel());
      breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
      return answer;
    } catch (StatusRuntimeException e) {
      long took = breaker.getCurrentTimestamp() - start;
      if (callerGaveUp()) {
        // the caller gave up: says nothing about the host
        release(breaker, holdsPermission);
      } else if (hostFailed(e.getStatus(), kind)) {
        breaker.onError(took, breaker.getTimestampUnit(), e);
      } else {
        breaker.onSuccess(took, breaker.getTimestampUnit());
      }
      throw e;
    } catch (RuntimeException | Error e) {
      release(breaker, holdsPermission);
      throw e;
    }
  }

  private static void release(CircuitBreaker breaker, boolean holdsPermission) {
    if (holdsPermission) {
      breaker.releasePermission();
    }
  }

  /** UNAVAILABLE, unless the caller has given up. */
  static boolean retryable(Throwable e) {
    return e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE
        && !callerGaveUp();
  }

  /**
   * Whether the caller's context is cancelled or its deadline has passed. The deadline is read from the clock: the
   * context's own cancellation runs on a timer and may come after the call has already ended on that deadline.
   */
  static boolean callerGaveUp() {
    Context context = Context.current();
    Deadline deadline = context.getDeadline();
    return context.isCancelled() || (deadline != null && deadline.isExpired());
  }

  /**
   * Whether a status says the host is unwell rather than answering. A status the host sent never carries a cause
   * on this side (causes do not cross the wire); one raised by the local transport (connection refused or reset)
   * does.
   */
  static boolean hostFailed(Status status, Kind kind) {
    return switch (status.getCode()) {
      case UNAVAILABLE -> status.getCause() != null;
      case DEADLINE_EXCEEDED -> kind == Kind.CALL;
      default -> false;
    };
  }
}
