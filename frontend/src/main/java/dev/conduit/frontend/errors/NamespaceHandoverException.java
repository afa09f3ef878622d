package dev.conduit.frontend.errors;

import dev.conduit.common.NamespaceHandoverMessages;

/**
 * A call that writes to a namespace in HANDOVER: a graceful failover is waiting for the target cluster to catch
 * up, so the active cluster takes no writes for a moment. Becomes {@code UNAVAILABLE}, which SDKs retry; after
 * the switch the retry reaches the new active cluster (or is forwarded there).
 */
public final class NamespaceHandoverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NamespaceHandoverException(String namespace) {
    super(NamespaceHandoverMessages.of(namespace));
  }
}
