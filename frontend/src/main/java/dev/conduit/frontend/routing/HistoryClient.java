package dev.conduit.frontend.routing;

import dev.conduit.common.ShardIds;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls history for one workflow: computes its shard, asks the router for the owner, sets the deadline
 * and retries UNAVAILABLE (see {@link UnavailableRetry}). Calls run in the caller's gRPC context, so a
 * client that cancels or whose deadline is earlier cancels the call to history too. A status history
 * answers with reaches the caller unchanged, trailers and Temporal failure details included.
 */
public final class HistoryClient {
  private final HistoryRouter router;
  private final int numShards;
  private final CallSettings settings;

  public HistoryClient(HistoryRouter router, int numShards, CallSettings settings) {
    this.router = router;
    this.numShards = numShards;
    this.settings = settings;
  }

  /** A unary call with the normal deadline. */
  public <R> R call(String namespaceId, String workflowId, Function<HistoryServiceBlockingStub, R> rpc) {
    return call(namespaceId, workflowId, settings.callTimeout(), rpc);
  }

  /** A call history may hold until it has news (GetWorkflowExecutionHistory with wait_new_event). */
  public <R> R longPoll(String namespaceId, String workflowId, Function<HistoryServiceBlockingStub, R> rpc) {
    return call(namespaceId, workflowId, settings.longPollTimeout(), rpc);
  }

  /** A call to the owner of shard {@code shard} (a shard-wide question, such as its replication backlog). */
  public <R> R callShard(int shard, Function<HistoryServiceBlockingStub, R> rpc) {
    return UnavailableRetry.run(settings, "history shard " + shard, () ->
        rpc.apply(router.history(shard).withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)));
  }

  public int numShards() {
    return numShards;
  }

  public int shardOf(String namespaceId, String workflowId) {
    return ShardIds.shardOf(namespaceId, workflowId, numShards);
  }

  private <R> R call(String namespaceId, String workflowId, Duration timeout,
      Function<HistoryServiceBlockingStub, R> rpc) {
    int shard = shardOf(namespaceId, workflowId);
    return UnavailableRetry.run(settings, "history shard " + shard, () ->
        rpc.apply(router.history(shard).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)));
  }
}
