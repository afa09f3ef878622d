package dev.conduit.frontend.api;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.cluster.ClusterDirectory;
import dev.conduit.frontend.cluster.KnownCluster;
import dev.conduit.frontend.errors.FailedPreconditionException;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.errors.NotFoundException;
import dev.conduit.persistence.cluster.RemoteClusterStore;
import dev.conduit.persistence.namespace.NamespacePage;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.temporal.api.operatorservice.v1.RemoveRemoteClusterRequest;
import io.temporal.api.operatorservice.v1.RemoveRemoteClusterResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code OperatorService.RemoveRemoteCluster}: deletes a cluster added through {@code AddOrUpdateRemoteCluster}
 * (for a cluster the config also names, only the added record, so the config's entry applies again). This cluster,
 * a cluster only the config names, and an added cluster a live namespace still lists are refused with
 * {@code INVALID_ARGUMENT}; an unknown name is {@code NOT_FOUND}.
 */
public final class RemoveRemoteCluster implements Operation<RemoveRemoteClusterRequest, RemoveRemoteClusterResponse> {
  private static final int PAGE = 500;

  private final ClusterDirectory clusters;
  private final NamespaceStore namespaces;

  public RemoveRemoteCluster(FrontendContext context) {
    this.clusters = context.clusters();
    this.namespaces = context.namespaceStore();
  }

  @Override
  public RemoveRemoteClusterResponse handle(RemoveRemoteClusterRequest request) {
    String name = request.getClusterName().strip();
    if (name.isEmpty()) {
      throw new InvalidArgumentException("cluster_name", "is required");
    }
    if (name.equals(clusters.currentClusterName())) {
      throw new InvalidArgumentException("cluster_name", name + " is this cluster; it cannot be removed");
    }
    Optional<KnownCluster> known = clusters.get(name);
    if (known.isEmpty()) {
      throw new NotFoundException("cluster " + name + " is not a known remote cluster");
    }
    if (known.get().source() == KnownCluster.Source.CONFIG) {
      throw new InvalidArgumentException("cluster_name", name + " comes from the config's"
          + " clusterMetadata.clusterInformation; remove it there");
    }
    // a record that only overrides the config's entry leaves the cluster known; namespaces keep their cluster
    boolean inConfig = clusters.metadata().clusterInformation().containsKey(name);
    List<String> users = inConfig ? List.of() : namespacesListing(name);
    if (!users.isEmpty()) {
      throw new InvalidArgumentException("cluster_name", name + " is still a cluster of namespace(s) " + users
          + "; update their clusters first");
    }
    RemoteClusterStore store = clusters.store()
        .orElseThrow(() -> new FailedPreconditionException("this frontend keeps no remote clusters"));
    if (!store.delete(name)) {
      throw new NotFoundException("cluster " + name + " is not a known remote cluster");
    }
    clusters.invalidate();
    return RemoveRemoteClusterResponse.getDefaultInstance();
  }

  private List<String> namespacesListing(String cluster) {
    List<String> users = new ArrayList<>();
    String after = "";
    while (true) {
      NamespacePage page = namespaces.list(after, PAGE);
      for (NamespaceDetail detail : page.namespaces()) {
        boolean live = detail.getInfo().getState() != NamespaceDetail.State.STATE_DELETED;
        if (live && detail.getReplication().getClustersList().contains(cluster)) {
          users.add(detail.getInfo().getName());
        }
      }
      if (page.nextAfterName().isEmpty()) {
        return users;
      }
      after = page.nextAfterName().get();
    }
  }
}
