package dev.conduit.history.errors;

import dev.conduit.common.NamespaceHandoverMessages;

/**
 * A write to a namespace in HANDOVER: a graceful failover waits for the target cluster to apply everything, so
 * nothing is written meanwhile. Retryable (UNAVAILABLE): after the switch the retry goes to the new active cluster.
 */
public final class NamespaceHandoverException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;

  public NamespaceHandoverException(String namespace) {
    super(NamespaceHandoverMessages.of(namespace), true);
  }
}
