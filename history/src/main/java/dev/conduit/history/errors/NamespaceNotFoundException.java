package dev.conduit.history.errors;

/** The namespace id is unknown to the namespace registry (NOT_FOUND with NamespaceNotFoundFailure). */
public final class NamespaceNotFoundException extends HistoryServiceException {
  private static final long serialVersionUID = 1L;
  private final String namespace;

  public NamespaceNotFoundException(String namespace) {
    super("namespace " + namespace + " not found", false);
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }
}
