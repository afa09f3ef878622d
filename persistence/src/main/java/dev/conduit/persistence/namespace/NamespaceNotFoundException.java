package dev.conduit.persistence.namespace;

import dev.conduit.persistence.PersistenceException;

/** No namespace has the name or id asked for. Thrown by the {@link NamespaceRegistry}; not retryable. */
public final class NamespaceNotFoundException extends PersistenceException {
  private static final long serialVersionUID = 1L;
  private final String namespace;

  /** {@code namespace} is the name or id the caller asked for. */
  public NamespaceNotFoundException(String namespace) {
    super("Namespace " + namespace + " is not found", false);
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }
}
