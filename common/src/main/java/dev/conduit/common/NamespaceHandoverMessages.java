package dev.conduit.common;

/** The message of a write refused while its namespace is in HANDOVER (a graceful failover), as Temporal words it. */
public final class NamespaceHandoverMessages {
  public static final String MESSAGE = "Namespace replication in HANDOVER state.";

  private NamespaceHandoverMessages() {}

  /** The message for a write to {@code namespace}. */
  public static String of(String namespace) {
    return MESSAGE + " Namespace: " + namespace + "; the call is retryable.";
  }
}
