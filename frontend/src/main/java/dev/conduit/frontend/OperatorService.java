package dev.conduit.frontend;

import dev.conduit.frontend.api.AddOrUpdateRemoteCluster;
import dev.conduit.frontend.api.ListClusters;
import dev.conduit.frontend.api.RemoveRemoteCluster;
import dev.conduit.frontend.api.Unary;
import io.grpc.stub.StreamObserver;
import io.temporal.api.operatorservice.v1.AddOrUpdateRemoteClusterRequest;
import io.temporal.api.operatorservice.v1.AddOrUpdateRemoteClusterResponse;
import io.temporal.api.operatorservice.v1.ListClustersRequest;
import io.temporal.api.operatorservice.v1.ListClustersResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.operatorservice.v1.RemoveRemoteClusterRequest;
import io.temporal.api.operatorservice.v1.RemoveRemoteClusterResponse;

/**
 * Temporal's public {@code OperatorService} on the frontend port, so {@code temporal operator cluster
 * upsert|list|remove} work: the cluster calls, each handed to its operation class in {@code api/}. The other
 * RPCs (search attributes, Nexus endpoints, namespace deletion) answer {@code UNIMPLEMENTED}.
 */
public final class OperatorService extends OperatorServiceGrpc.OperatorServiceImplBase {
  private final AddOrUpdateRemoteCluster addOrUpdateRemoteCluster;
  private final RemoveRemoteCluster removeRemoteCluster;
  private final ListClusters listClusters;

  public OperatorService(FrontendContext context) {
    this.addOrUpdateRemoteCluster = new AddOrUpdateRemoteCluster(context);
    this.removeRemoteCluster = new RemoveRemoteCluster(context);
    this.listClusters = new ListClusters(context);
  }

  @Override
  public void addOrUpdateRemoteCluster(
      AddOrUpdateRemoteClusterRequest request, StreamObserver<AddOrUpdateRemoteClusterResponse> observer) {
    Unary.call(addOrUpdateRemoteCluster, request, observer);
  }

  @Override
  public void removeRemoteCluster(RemoveRemoteClusterRequest request, StreamObserver<RemoveRemoteClusterResponse> observer) {
    Unary.call(removeRemoteCluster, request, observer);
  }

  @Override
  public void listClusters(ListClustersRequest request, StreamObserver<ListClustersResponse> observer) {
    Unary.call(listClusters, request, observer);
  }
}
