package dev.conduit.persistence.namespace;

import dev.conduit.persistence.PersistenceException;

/** A registration lost to an existing namespace of the same name. Never succeeds when repeated. */
public final class NamespaceAlreadyExistsException extends PersistenceException {
  private static final long serialVersionUID = 1L;
  private final String namespace;

  public NamespaceAlreadyExistsException(String namespace) {
    super("Namespace " + namespace + " already exists", false);
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }
}
