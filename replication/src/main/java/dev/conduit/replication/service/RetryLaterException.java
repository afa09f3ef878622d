package dev.conduit.replication.service;

/**
 * The task could not be applied now for a reason that passes (this cluster's history is restarting, its
 * shard is moving): the consumer tries it again, without limit, before it reads further.
 */
public final class RetryLaterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RetryLaterException(String message) {
    super(message);
  }

  public RetryLaterException(String message, Throwable cause) {
    super(message, cause);
  }
}
