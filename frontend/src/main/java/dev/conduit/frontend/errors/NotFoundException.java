package dev.conduit.frontend.errors;

/** A request names something (other than a namespace or workflow) that does not exist; becomes {@code NOT_FOUND}. */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
