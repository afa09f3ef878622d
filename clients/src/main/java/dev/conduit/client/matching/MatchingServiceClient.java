package dev.conduit.client.matching;

import dev.conduit.client.CallPolicy;
import dev.conduit.client.CallSettings;
import dev.conduit.client.MemberChannels;
import dev.conduit.client.Router;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc.MatchingServiceBlockingStub;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one way into the matching service: a call for a task queue goes to the owner of the queue's ring key
 * ({@link TaskQueueId#ringKey}, the key matching itself decides what it serves by), with a deadline, under the
 * {@link CallPolicy}. Sticky queues are queues of their own and may live on another host than their normal queue.
 * Calls run in the caller's gRPC context: when a worker cancels its poll, the call to matching is cancelled with it
 * and matching drops the poller.
 */
public final class MatchingServiceClient implements AutoCloseable {
  private final CallPolicy policy;
  private final CallSettings settings;

  public MatchingServiceClient(Router router, CallSettings settings) {
    this.policy = new CallPolicy("matching", router, settings);
    this.settings = settings;
  }

  /** Owners from the matching ring of {@code monitor} (the caller's to start and close), plaintext channels. */
  public static MatchingServiceClient ring(MembershipMonitor monitor, CallSettings settings) {
    return new MatchingServiceClient(Router.ring(monitor, MemberChannels.plaintext()), settings);
  }

  /** Every task queue on one plaintext address (a single node). */
  public static MatchingServiceClient forTarget(String target, CallSettings settings) {
    return new MatchingServiceClient(Router.fixed(target, MemberChannels.plaintextChannel(target)), settings);
  }

  /** A client for a process started without matching: every call fails UNIMPLEMENTED. */
  public static MatchingServiceClient absent() {
    return new MatchingServiceClient(Router.absent(Status.UNIMPLEMENTED
        .withDescription("this process was started without a matching service")), CallSettings.defaults());
  }

  /** A unary call to the owner of {@code queue} with the normal deadline. */
  public <R> R call(TaskQueueKey queue, Function<MatchingServiceBlockingStub, R> rpc) {
    return call(queue, CallPolicy.Kind.CALL, settings.callTimeout(), rpc);
  }

  /**
   * A call that waits up to {@code timeout} for a worker (a query): its deadline passing is the worker's silence,
   * not the host's fault. DEADLINE_EXCEEDED reaches the caller.
   */
  public <R> R callWaiting(TaskQueueKey queue, Duration timeout, Function<MatchingServiceBlockingStub, R> rpc) {
    return call(queue, CallPolicy.Kind.LONG_POLL, timeout, rpc);
  }

  /**
   * A long poll with the long-poll deadline: the answer, or empty when it expired (matching answered nothing in
   * time). Other statuses propagate unchanged.
   */
  public <R> Optional<R> poll(TaskQueueKey queue, Function<MatchingServiceBlockingStub, R> rpc) {
    try {
      return Optional.of(call(queue, CallPolicy.Kind.LONG_POLL, settings.longPollTimeout(), rpc));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The identities of the matching hosts the router knows. */
  public List<String> hosts() {
    return policy.router().hosts().stream().map(dev.conduit.client.Host::id).toList();
  }

  /** The identity of the host the ring names as the owner of {@code queue}; empty when unknown. */
  public Optional<String> owner(TaskQueueKey queue) {
    return policy.router().owner(ringKey(queue));
  }

  /** The address ({@code host:port}) of the host the ring names as the owner of {@code queue}; empty when unknown. */
  public Optional<String> ownerAddress(TaskQueueKey queue) {
    return owner(queue).flatMap(id -> policy.router().hosts().stream().filter(host -> host.id().equals(id))
        .map(dev.conduit.client.Host::address).findFirst());
  }

  /** The policy the calls run under, for tests and diagnostics (its breakers). */
  public CallPolicy policy() {
    return policy;
  }

  /** The hash-ring key of a queue, the one matching places its queues by. */
  public static String ringKey(TaskQueueKey queue) {
    return TaskQueueId.ringKey(queue.getNamespaceId(), queue.getName(), queue.getTypeValue(), queue.getSticky());
  }

  /** Closes the router's channels, never the membership monitor. */
  @Override
  public void close() {
    policy.router().close();
  }

  private <R> R call(TaskQueueKey queue, CallPolicy.Kind kind, Duration timeout,
      Function<MatchingServiceBlockingStub, R> rpc) {
    long millis = timeout.toMillis();
    return policy.call(ringKey(queue), kind,
        channel -> rpc.apply(MatchingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(millis, TimeUnit.MILLISECONDS)));
  }
}
