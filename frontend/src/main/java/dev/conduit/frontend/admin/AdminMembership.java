package dev.conduit.frontend.admin;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.proto.admin.v1.DescribeMembershipRequest;
import dev.conduit.proto.admin.v1.DescribeMembershipResponse;
import dev.conduit.proto.admin.v1.HistoryHostInfo;
import dev.conduit.proto.admin.v1.ShardOwner;
import dev.conduit.proto.history.v1.DescribeHistoryHostRequest;
import dev.conduit.proto.history.v1.DescribeHistoryHostResponse;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * {@code AdminService.DescribeMembership}: the history and matching hosts in this frontend's membership view, what
 * each history host says it serves and where those shards' queues stand, and which host the ring names for each
 * shard; with it an operator (or a test) sees that every shard is served exactly once, and by the host requests go
 * to, and which shard's timers are not done long after they came due.
 */
final class AdminMembership {
  private static final long ASK_TIMEOUT_MS = 2_000;

  private final FrontendContext context;

  AdminMembership(FrontendContext context) {
    this.context = context;
  }

  DescribeMembershipResponse describe(DescribeMembershipRequest request) {
    int shardCount = context.settings().numHistoryShards();
    DescribeMembershipResponse.Builder response = DescribeMembershipResponse.newBuilder().setHistoryShardCount(shardCount);
    for (HistoryServiceClient.Host host : context.routing().history().hosts()) {
      HistoryHostInfo.Builder info = HistoryHostInfo.newBuilder().setIdentity(host.identity()).setAddress(host.address());
      try {
        DescribeHistoryHostResponse answer = host.stub().withDeadlineAfter(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .describeHistoryHost(DescribeHistoryHostRequest.getDefaultInstance());
        info.addAllOwnedShards(answer.getOwnedShardsList()).addAllShardQueues(answer.getShardQueuesList());
      } catch (StatusRuntimeException e) {
        info.setError(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      }
      response.addHistoryHosts(info);
    }
    for (int shard = 0; shard < shardCount; shard++) {
      ShardOwner.Builder owner = ShardOwner.newBuilder().setShardId(shard);
      context.routing().history().owner(shard).ifPresent(owner::setRingOwner);
      response.addShards(owner);
    }
    response.addAllMatchingHosts(context.routing().matching().hosts());
    return response.build();
  }
}
