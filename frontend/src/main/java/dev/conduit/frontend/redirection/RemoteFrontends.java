package dev.conduit.frontend.redirection;

import dev.conduit.common.NamespaceHandoverMessages;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.KnownCluster;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cross-cluster client of DC redirection: one channel and one circuit breaker per remote cluster (addresses
 * from the {@link ClusterDirectory}; a changed address gets a new channel), every call marked forwarded
 * ({@link ForwardedCalls}), retried with backoff while the remote answers {@code UNAVAILABLE}, and bounded by a
 * deadline. A remote that is down, too slow or behind an open breaker becomes
 * {@link RemoteClusterUnavailableException} naming it; any other answer passes through unchanged.
 */
public final class RemoteFrontends implements AutoCloseable {
  private static final int MAX_INBOUND_MESSAGE_BYTES = 128 * 1024 * 1024;

  private final ClusterDirectory directory;
  private final ForwardingSettings settings;
  private final Retry retry;
  private final Map<String, Remote> remotes = new HashMap<>();

  public RemoteFrontends(ClusterDirectory directory, ForwardingSettings settings) {
    this.directory = directory;
    this.settings = settings;
    this.retry = Retry.of("forwarding", RetryConfig.custom()
        .maxAttempts(settings.attempts())
        .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0, settings.maxBackoff()))
        .retryOnException(RemoteFrontends::isUnavailable)
        .build());
  }

  /**
   * Sends {@code request} to cluster {@code cluster}'s frontend. {@code longRunning} calls keep the caller's
   * deadline; others get the forwarding timeout, cut so that the answer comes before the caller's deadline.
   */
  public <Q, R> R call(String cluster, MethodDescriptor<Q, R> method, Q request, boolean longRunning) {
    Remote remote = remote(cluster);
    Deadline callers = Context.current().getDeadline();
    Deadline deadline = deadline(callers, longRunning);
    CallOptions options = CallOptions.DEFAULT.withDeadline(deadline);
    Supplier<R> attempt = () -> {
      try {
        return ClientCalls.blockingUnaryCall(remote.channel, method, options, request);
      } catch (StatusRuntimeException e) {
        // the caller's own deadline passes through as it is; only the forwarding timeout names the remote. The
        // caller's deadline is read from the clock, not from its context, whose cancellation may not have run yet.
        boolean callersOwn = (callers != null && callers.isExpired()) || Context.current().isCancelled();
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED && deadline.isExpired() && !callersOwn) {
          long waited = (longRunning ? settings.longRunningTimeout() : settings.callTimeout()).toMillis();
          throw new RemoteClusterUnavailableException(cluster, remote.address, "no answer within " + waited + " ms", e);
        }
        throw e;
      }
    };
    try {
      Supplier<R> guarded = longRunning
          ? withoutHoldingATrialPlace(remote.breaker, attempt)
          : CircuitBreaker.decorateSupplier(remote.breaker, attempt);
      return Retry.decorateSupplier(retry, guarded).get();
    } catch (CallNotPermittedException e) {
      throw new RemoteClusterUnavailableException(cluster, remote.address,
          "circuit breaker open after repeated failures, retry later", e);
    } catch (StatusRuntimeException e) {
      if (isUnavailable(e)) {
        throw new RemoteClusterUnavailableException(cluster, remote.address, describe(e.getStatus()), e);
      }
      throw e;
    }
  }

  /**
   * A half-open breaker lets one call test the remote and refuses the rest until it ends. A long poll may wait a
   * minute for work, so holding that place would shut every other call to the cluster out for as long; a
   * long-running call gives its place back at once, and its outcome is still recorded when it ends.
   */
  private static <R> Supplier<R> withoutHoldingATrialPlace(CircuitBreaker breaker, Supplier<R> call) {
    return () -> {
      breaker.acquirePermission();
      breaker.releasePermission();
      long start = breaker.getCurrentTimestamp();
      try {
        R answer = call.get();
        breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
        return answer;
      } catch (RuntimeException e) {
        // the breaker's own predicate decides whether this counts as a failure of the remote
        breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
        throw e;
      }
    };
  }

  /** The circuit breaker of {@code cluster}, for tests and metrics. */
  public CircuitBreaker breaker(String cluster) {
    return remote(cluster).breaker;
  }

  private Deadline deadline(Deadline callers, boolean longRunning) {
    if (longRunning) {
      return callers != null ? callers : Deadline.after(settings.longRunningTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    Deadline own = Deadline.after(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (callers == null) {
      return own;
    }
    // answer a little before the caller gives up, so it hears which cluster failed rather than its own timeout
    long left = callers.timeRemaining(TimeUnit.MILLISECONDS);
    long margin = Math.min(1000, left / 10);
    return own.minimum(Deadline.after(Math.max(1, left - margin), TimeUnit.MILLISECONDS));
  }

  private synchronized Remote remote(String cluster) {
    KnownCluster known = directory.get(cluster)
        .orElseThrow(() -> new RemoteClusterUnavailableException(cluster, "", "this cluster does not know it", null));
    if (!known.connectionEnabled() || known.address().isEmpty()) {
      throw new RemoteClusterUnavailableException(cluster, known.address(), "its connection is disabled", null);
    }
    Remote remote = remotes.get(cluster);
    if (remote != null && remote.address.equals(known.address())) {
      return remote;
    }
    if (remote != null) {
      remote.managed.shutdown();
    }
    Remote created = new Remote(known.address(), newBreaker(cluster));
    remotes.put(cluster, created);
    return created;
  }

  private CircuitBreaker newBreaker(String cluster) {
    return CircuitBreaker.of("cluster-" + cluster, CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.breakerWindow())
        .minimumNumberOfCalls(settings.breakerMinimumCalls())
        .failureRateThreshold(50)
        .waitDurationInOpenState(settings.breakerOpenFor())
        .permittedNumberOfCallsInHalfOpenState(1)
        .recordException(e -> isUnavailable(e) || e instanceof RemoteClusterUnavailableException)
        .build());
  }

  /**
   * Whether the remote itself could not answer. A namespace in HANDOVER is answered UNAVAILABLE by a healthy
   * remote: that answer goes back to the caller as it is (SDKs retry it), is not retried here and does not count
   * against the remote's circuit breaker.
   */
  static boolean isUnavailable(Throwable e) {
    return e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE
        && (s.getStatus().getDescription() == null
            || !s.getStatus().getDescription().startsWith(NamespaceHandoverMessages.MESSAGE));
  }

  private static String describe(Status status) {
    return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  @Override
  public synchronized void close() {
    remotes.values().forEach(remote -> remote.managed.shutdownNow());
    remotes.clear();
  }

  private static final class Remote {
    final String address;
    final ManagedChannel managed;
    final Channel channel;
    final CircuitBreaker breaker;

    Remote(String address, CircuitBreaker breaker) {
      this.address = address;
      this.managed = NettyChannelBuilder.forTarget(address).usePlaintext()
          .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES).build();
      this.channel = ClientInterceptors.intercept(managed,
          MetadataUtils.newAttachHeadersInterceptor(ForwardedCalls.outgoingHeaders()));
      this.breaker = breaker;
    }
  }
}
