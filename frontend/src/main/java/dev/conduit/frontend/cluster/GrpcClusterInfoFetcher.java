package dev.conduit.frontend.cluster;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link ClusterInfoFetcher} over a plaintext channel opened for the one call and closed after it (an operator
 * call is rare), with a deadline so that an address nobody answers on fails quickly.
 */
public final class GrpcClusterInfoFetcher implements ClusterInfoFetcher {
  private final Duration timeout;

  public GrpcClusterInfoFetcher(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public GetClusterInfoResponse fetch(String address) {
    ManagedChannel channel;
    try {
      channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
    } catch (IllegalArgumentException e) {
      throw new RemoteClusterUnreachableException(address, "not a host:port address", e);
    }
    try {
      return WorkflowServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw new RemoteClusterUnreachableException(address, e.getStatus().getCode() + ": "
          + e.getStatus().getDescription(), e);
    } finally {
      channel.shutdownNow();
    }
  }
}
