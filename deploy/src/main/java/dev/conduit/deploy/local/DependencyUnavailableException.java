package dev.conduit.deploy.local;

/** A server could not be obtained or started; the message names what is missing or what failed. */
public class DependencyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DependencyUnavailableException(String message) {
    super(message);
  }

  public DependencyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
