package dev.conduit.frontend;

import dev.conduit.frontend.api.AddSearchAttributes;
import dev.conduit.frontend.api.RemoveSearchAttributes;
import dev.conduit.frontend.api.ListSearchAttributes;
import dev.conduit.frontend.visibility.SearchAttributeRegistry;
import dev.conduit.frontend.visibility.VisibilityReader;
import java.util.Optional;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
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
 * upsert|list|remove} and {@code temporal operator search-attribute create|list|remove} work: the cluster and
 * search-attribute calls, each handed to its operation class in {@code api/}. The other RPCs (Nexus endpoints,
 * namespace deletion) answer {@code UNIMPLEMENTED}.
 */
public final class OperatorService extends OperatorServiceGrpc.OperatorServiceImplBase {
  private final AddOrUpdateRemoteCluster addOrUpdateRemoteCluster;
  private final RemoveRemoteCluster removeRemoteCluster;
  private final ListClusters listClusters;
  private final AddSearchAttributes addSearchAttributes;
  private final RemoveSearchAttributes removeSearchAttributes;
  private final ListSearchAttributes listSearchAttributes;

  /** Without an advanced visibility store: search attributes are registered in the namespace only. */
  public OperatorService(FrontendContext context) {
    this(context, new VisibilityReader(Optional.empty()));
  }

  public OperatorService(FrontendContext context, VisibilityReader visibility) {
    SearchAttributeRegistry registry = new SearchAttributeRegistry(context, visibility);
    this.addSearchAttributes = new AddSearchAttributes(registry);
    this.removeSearchAttributes = new RemoveSearchAttributes(registry);
    this.listSearchAttributes = new ListSearchAttributes(registry);
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
  public void addSearchAttributes(AddSearchAttributesRequest request,
      StreamObserver<AddSearchAttributesResponse> observer) {
    Unary.call(addSearchAttributes, request, observer);
  }

  @Override
  public void removeSearchAttributes(RemoveSearchAttributesRequest request,
      StreamObserver<RemoveSearchAttributesResponse> observer) {
    Unary.call(removeSearchAttributes, request, observer);
  }

  @Override
  public void listSearchAttributes(ListSearchAttributesRequest request,
      StreamObserver<ListSearchAttributesResponse> observer) {
    Unary.call(listSearchAttributes, request, observer);
  }

  @Override
  public void listClusters(ListClustersRequest request, StreamObserver<ListClustersResponse> observer) {
    Unary.call(listClusters, request, observer);
  }
}
