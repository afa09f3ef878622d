package dev.conduit.frontend.cluster;

/**
 * No frontend answered {@code GetClusterInfo} at the address an operator gave; becomes {@code INVALID_ARGUMENT}
 * naming the address and what went wrong, since nothing is stored for a cluster nobody could ask.
 */
public final class RemoteClusterUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RemoteClusterUnreachableException(String address, String problem, Throwable cause) {
    super("frontend_address: no frontend answered GetClusterInfo at " + address + " (" + problem + ")", cause);
  }
}
