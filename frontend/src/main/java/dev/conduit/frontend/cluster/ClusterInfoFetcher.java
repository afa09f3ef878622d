package dev.conduit.frontend.cluster;

import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;

/** Asks the frontend at an address who it is ({@code GetClusterInfo}); tests answer without a network. */
@FunctionalInterface
public interface ClusterInfoFetcher {

  /**
   * The remote's answer.
   *
   * @throws RemoteClusterUnreachableException if no frontend answered at {@code address} in time
   */
  GetClusterInfoResponse fetch(String address);
}
