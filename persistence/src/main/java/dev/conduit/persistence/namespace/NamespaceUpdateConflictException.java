package dev.conduit.persistence.namespace;

import dev.conduit.persistence.PersistenceException;

/**
 * A conditional namespace write found that another write came first. Repeating the same call cannot
 * succeed; the caller reads the namespace again and reapplies its change.
 */
public final class NamespaceUpdateConflictException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public NamespaceUpdateConflictException(String message) {
    super(message, false);
  }
}
