package dev.conduit.persistence.cluster;

import dev.conduit.persistence.PersistenceException;

/**
 * A conditional write of a remote cluster found another version than the one its caller read: someone else
 * changed the record meanwhile. Retryable: read again and redo the change.
 */
public final class RemoteClusterConflictException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public RemoteClusterConflictException(String clusterName, long expectedVersion) {
    super("remote cluster " + clusterName + " changed concurrently (expected version " + expectedVersion + ")", true);
  }
}
