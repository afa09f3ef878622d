package dev.conduit.client.history;

import dev.conduit.client.CallPolicy;
import dev.conduit.client.CallSettings;
import dev.conduit.client.MemberChannels;
import dev.conduit.client.Router;
import dev.conduit.common.ShardIds;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one way into the history service: a call for a workflow goes to the owner of its shard
 * ({@link ShardIds}, ring key {@code "<shardId>"}), with a deadline, under the {@link CallPolicy} (UNAVAILABLE
 * retried against a freshly resolved owner, a breaker per host, a bulkhead). Calls run in the caller's gRPC
 * context; a status history answers reaches the caller unchanged, trailers and Temporal failure details included.
 */
public final class HistoryServiceClient implements AutoCloseable {
  /** A history host: its identity in membership, its address, a stub bound to it (no deadline). */
  public record Host(String identity, String address, HistoryServiceBlockingStub stub) {}

  private final CallPolicy policy;
  private final int numShards;
  private final CallSettings settings;

  public HistoryServiceClient(Router router, int numShards, CallSettings settings) {
    if (numShards < 1) {
      throw new IllegalArgumentException("numShards must be at least 1, was " + numShards);
    }
    this.policy = new CallPolicy("history", router, settings);
    this.numShards = numShards;
    this.settings = settings;
  }

  /** Owners from the history ring of {@code monitor} (the caller's to start and close), plaintext channels. */
  public static HistoryServiceClient ring(MembershipMonitor monitor, int numShards, CallSettings settings) {
    return new HistoryServiceClient(Router.ring(monitor, MemberChannels.plaintext()), numShards, settings);
  }

  /** Every shard on one plaintext address (a single node). */
  public static HistoryServiceClient forTarget(String target, int numShards, CallSettings settings) {
    return new HistoryServiceClient(Router.fixed(target, MemberChannels.plaintextChannel(target)), numShards, settings);
  }

  /** A client for a process started without history: every call fails UNIMPLEMENTED. */
  public static HistoryServiceClient absent() {
    return new HistoryServiceClient(Router.absent(Status.UNIMPLEMENTED
        .withDescription("this process was started without a history service")), 1, CallSettings.defaults());
  }

  /** A unary call for workflow {@code workflowId} with the normal deadline. */
  public <R> R call(String namespaceId, String workflowId, Function<HistoryServiceBlockingStub, R> rpc) {
    return onShard(shardOf(namespaceId, workflowId), CallPolicy.Kind.CALL, settings.callTimeout(), rpc);
  }

  /** A call history may hold until it has news (GetWorkflowExecutionHistory with wait_new_event). */
  public <R> R longPoll(String namespaceId, String workflowId, Function<HistoryServiceBlockingStub, R> rpc) {
    return onShard(shardOf(namespaceId, workflowId), CallPolicy.Kind.LONG_POLL, settings.longPollTimeout(), rpc);
  }

  /** A unary call to the owner of shard {@code shard} (a shard-wide question, such as its replication backlog). */
  public <R> R callShard(int shard, Function<HistoryServiceBlockingStub, R> rpc) {
    return onShard(shard, CallPolicy.Kind.CALL, settings.callTimeout(), rpc);
  }

  public int numShards() {
    return numShards;
  }

  public int shardOf(String namespaceId, String workflowId) {
    return ShardIds.shardOf(namespaceId, workflowId, numShards);
  }

  /** Every history host the router knows, with a stub for each (the admin API asks each which shards it serves). */
  public List<Host> hosts() {
    return policy.router().hosts().stream()
        .map(host -> new Host(host.id(), host.address(), HistoryServiceGrpc.newBlockingStub(host.channel())))
        .toList();
  }

  /** The identity of the host the ring names as the owner of {@code shard}; empty when unknown. */
  public Optional<String> owner(int shard) {
    return policy.router().owner(ringKey(shard));
  }

  /** The policy the calls run under, for tests and diagnostics (its breakers). */
  public CallPolicy policy() {
    return policy;
  }

  /** The history ring's key of a shard. */
  public static String ringKey(int shard) {
    return Integer.toString(shard);
  }

  /** Closes the router's channels, never the membership monitor. */
  @Override
  public void close() {
    policy.router().close();
  }

  private <R> R onShard(int shard, CallPolicy.Kind kind, Duration timeout, Function<HistoryServiceBlockingStub, R> rpc) {
    long millis = timeout.toMillis();
    return policy.call(ringKey(shard), kind,
        channel -> rpc.apply(HistoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(millis, TimeUnit.MILLISECONDS)));
  }
}
