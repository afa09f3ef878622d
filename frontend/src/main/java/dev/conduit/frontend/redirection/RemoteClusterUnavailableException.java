package dev.conduit.frontend.redirection;

/**
 * A call forwarded to another cluster's frontend found it down, unreachable, too slow, or behind an open
 * circuit breaker; becomes {@code UNAVAILABLE} naming the cluster (and its address), which SDKs retry.
 */
public final class RemoteClusterUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String cluster;

  public RemoteClusterUnavailableException(String cluster, String address, String problem, Throwable cause) {
    super("cluster " + cluster + (address.isEmpty() ? "" : " (" + address + ")") + " is unavailable: " + problem, cause);
    this.cluster = cluster;
  }

  public String cluster() {
    return cluster;
  }
}
