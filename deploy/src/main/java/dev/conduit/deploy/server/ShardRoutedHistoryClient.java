package dev.conduit.deploy.server;

import dev.conduit.common.ShardIds;
import dev.conduit.matching.history.GrpcHistoryClient;
import dev.conduit.matching.history.HistoryClient;
import dev.conduit.matching.history.HistoryUnavailableException;
import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.membership.grpc.MemberChannels;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import java.time.Duration;

/** Matching's way to history: each call goes to the owner of the workflow's shard. */
final class ShardRoutedHistoryClient implements HistoryClient {
  private final MembershipMonitor monitor;
  private final MemberChannels channels;
  private final int numHistoryShards;
  private final Duration callTimeout;

  ShardRoutedHistoryClient(MembershipMonitor monitor, MemberChannels channels, int numHistoryShards, Duration callTimeout) {
    this.monitor = monitor;
    this.channels = channels;
    this.numHistoryShards = numHistoryShards;
    this.callTimeout = callTimeout;
  }

  @Override
  public RecordWorkflowTaskStartedResponse recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request) {
    return clientFor(request.getNamespaceId(), request.getWorkflowId()).recordWorkflowTaskStarted(request);
  }

  @Override
  public RecordActivityTaskStartedResponse recordActivityTaskStarted(RecordActivityTaskStartedRequest request) {
    return clientFor(request.getNamespaceId(), request.getWorkflowId()).recordActivityTaskStarted(request);
  }

  private GrpcHistoryClient clientFor(String namespaceId, String workflowId) {
    int shard = ShardIds.shardOf(namespaceId, workflowId, numHistoryShards);
    Member owner =
        monitor.owner(Integer.toString(shard))
            .orElseThrow(() -> new HistoryUnavailableException("no healthy history host owns shard " + shard, null));
    return new GrpcHistoryClient(channels.channel(owner), callTimeout);
  }
}
