package dev.conduit.deploy.admin;

import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.DescribeClusterRequest;
import dev.conduit.proto.admin.v1.DescribeClusterResponse;
import dev.conduit.proto.admin.v1.DescribeNamespaceRequest;
import dev.conduit.proto.admin.v1.DescribeNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverNamespaceRequest;
import dev.conduit.proto.admin.v1.FailoverNamespaceResponse;
import dev.conduit.proto.admin.v1.GetReplicationStatusRequest;
import dev.conduit.proto.admin.v1.GetReplicationStatusResponse;
import dev.conduit.proto.admin.v1.ListClustersRequest;
import dev.conduit.proto.admin.v1.ListClustersResponse;
import dev.conduit.proto.admin.v1.ListRunsRequest;
import dev.conduit.proto.admin.v1.ListRunsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The client of a frontend's {@code conduit.admin.v1.AdminService}, used by {@code conduit admin} and by the tests.
 * Every call has a deadline; a failed call throws {@link AdminCallException} with the server's message.
 */
public final class AdminClient implements AutoCloseable {
  /** Long enough for a failover's conditional writes, short enough that a down frontend is reported quickly. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(15);

  private final String address;
  private final ManagedChannel channel;
  private final Duration deadline;

  public AdminClient(String address, Duration deadline) {
    this.address = address;
    this.deadline = deadline;
    this.channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
  }

  public static AdminClient connect(String address) {
    return new AdminClient(address, DEFAULT_DEADLINE);
  }

  public String address() {
    return address;
  }

  public ListClustersResponse listClusters() {
    return call(stub -> stub.listClusters(ListClustersRequest.getDefaultInstance()));
  }

  /** {@code name} empty: the cluster that answers. */
  public DescribeClusterResponse describeCluster(String name) {
    return call(stub -> stub.describeCluster(DescribeClusterRequest.newBuilder().setName(name).build()));
  }

  public DescribeNamespaceResponse describeNamespace(String name) {
    return call(stub -> stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setName(name).build()));
  }

  public FailoverNamespaceResponse failover(String namespace, String targetCluster) {
    return call(stub -> stub.failoverNamespace(
        FailoverNamespaceRequest.newBuilder().setName(namespace).setTargetCluster(targetCluster).build()));
  }

  /** A graceful failover (handover) that gives the target {@code handoverTimeout} to catch up. */
  public FailoverNamespaceResponse gracefulFailover(String namespace, String targetCluster, Duration handoverTimeout) {
    FailoverNamespaceRequest request = FailoverNamespaceRequest.newBuilder().setName(namespace)
        .setTargetCluster(targetCluster).setGraceful(true)
        .setHandoverTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(handoverTimeout.getSeconds())
            .setNanos(handoverTimeout.getNano()))
        .build();
    // the server answers by the end of the handover timeout, and then ends the handover if it timed out
    Duration wait = handoverTimeout.plus(deadline);
    return call(wait, stub -> stub.failoverNamespace(request));
  }

  public ListRunsResponse listRuns(String namespace) {
    return call(stub -> stub.listRuns(ListRunsRequest.newBuilder().setNamespace(namespace).build()));
  }

  /**
   * A run's whole history as this cluster holds it: the call carries the forwarded-call header, so no redirection
   * policy answers it from another cluster.
   */
  public List<HistoryEvent> history(String namespace, String workflowId, String runId) {
    Metadata ownCopy = new Metadata();
    ownCopy.put(Metadata.Key.of("xdc-redirection", Metadata.ASCII_STRING_MARSHALLER), "false");
    GetWorkflowExecutionHistoryRequest.Builder request = GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(namespace)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId));
    List<HistoryEvent> events = new ArrayList<>();
    try {
      do {
        GetWorkflowExecutionHistoryResponse page = WorkflowServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ownCopy))
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
            .getWorkflowExecutionHistory(request.build());
        events.addAll(page.getHistory().getEventsList());
        request.setNextPageToken(page.getNextPageToken());
      } while (!request.getNextPageToken().isEmpty());
    } catch (StatusRuntimeException e) {
      throw new AdminCallException(address, e.getStatus(), e);
    }
    return events;
  }

  public dev.conduit.proto.admin.v1.DescribeMembershipResponse membership() {
    return call(stub -> stub.describeMembership(dev.conduit.proto.admin.v1.DescribeMembershipRequest.getDefaultInstance()));
  }

  public GetReplicationStatusResponse replicationStatus() {
    return call(stub -> stub.getReplicationStatus(GetReplicationStatusRequest.getDefaultInstance()));
  }

  private <R> R call(Function<AdminServiceGrpc.AdminServiceBlockingStub, R> rpc) {
    return call(deadline, rpc);
  }

  private <R> R call(Duration wait, Function<AdminServiceGrpc.AdminServiceBlockingStub, R> rpc) {
    try {
      return rpc.apply(AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw new AdminCallException(address, e.getStatus(), e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
