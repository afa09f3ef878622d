package dev.conduit.frontend.admin;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.api.Unary;
import dev.conduit.persistence.replication.ReplicationProgressStore;
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
import io.grpc.stub.StreamObserver;
import dev.conduit.persistence.execution.RunSummary;
import dev.conduit.proto.admin.v1.ListRunsRequest;
import dev.conduit.proto.admin.v1.ListRunsResponse;
import java.util.List;
import java.util.Optional;

/**
 * Conduit's own {@code conduit.admin.v1.AdminService} on the frontend port, the server side of
 * {@code conduit admin ...}: clusters, namespaces with their replication state, forced failover, and replication
 * progress. Errors become gRPC statuses through the frontend's {@code ApiErrors}, as for the public API.
 */
public final class AdminService extends AdminServiceGrpc.AdminServiceImplBase {
  private final AdminClusters clusters;
  private final AdminNamespaces namespaces;
  private final AdminReplication replication;
  private final AdminRuns runs;
  private final AdminMembership membership;
  private final AdminRawHistory rawHistory;

  /** The runs of a namespace in one shard of this cluster, as its execution rows record them. */
  @FunctionalInterface
  public interface RunLister {
    List<RunSummary> ofNamespace(int shardId, String namespaceId);
  }

  /** {@code progress} is empty for a frontend without Cassandra (replication status then shows no progress). */
  public AdminService(FrontendContext context, Optional<ReplicationProgressStore> progress) {
    this(context, progress, Optional.empty());
  }

  /** {@code runs} empty: ListRuns answers UNIMPLEMENTED (a frontend without Cassandra). */
  public AdminService(FrontendContext context, Optional<ReplicationProgressStore> progress, Optional<RunLister> runs) {
    this.clusters = new AdminClusters(context);
    this.namespaces = new AdminNamespaces(context, progress);
    this.replication = new AdminReplication(context, progress);
    this.runs = new AdminRuns(context, runs);
    this.membership = new AdminMembership(context);
    this.rawHistory = new AdminRawHistory(context);
  }

  @Override
  public void getWorkflowExecutionRawHistory(dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryRequest request,
      StreamObserver<dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryResponse> observer) {
    Unary.call(rawHistory::read, request, observer);
  }

  @Override
  public void describeMembership(dev.conduit.proto.admin.v1.DescribeMembershipRequest request,
      StreamObserver<dev.conduit.proto.admin.v1.DescribeMembershipResponse> observer) {
    Unary.call(membership::describe, request, observer);
  }

  @Override
  public void listRuns(ListRunsRequest request, StreamObserver<ListRunsResponse> observer) {
    Unary.call(runs::list, request, observer);
  }

  @Override
  public void listClusters(ListClustersRequest request, StreamObserver<ListClustersResponse> observer) {
    Unary.call(clusters::list, request, observer);
  }

  @Override
  public void describeCluster(DescribeClusterRequest request, StreamObserver<DescribeClusterResponse> observer) {
    Unary.call(clusters::describe, request, observer);
  }

  @Override
  public void describeNamespace(DescribeNamespaceRequest request, StreamObserver<DescribeNamespaceResponse> observer) {
    Unary.call(namespaces::describe, request, observer);
  }

  @Override
  public void failoverNamespace(FailoverNamespaceRequest request, StreamObserver<FailoverNamespaceResponse> observer) {
    Unary.call(namespaces::failover, request, observer);
  }

  @Override
  public void getReplicationStatus(GetReplicationStatusRequest request,
      StreamObserver<GetReplicationStatusResponse> observer) {
    Unary.call(replication::status, request, observer);
  }
}
