package dev.conduit.matching.queue;

/**
 * The task queue manager was unloaded (idle, or its lease lost) while a call was on its way in. The
 * caller gets the queue's current manager and tries again.
 */
public final class QueueUnloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueUnloadedException(String message) {
    super(message, null, false, false);
  }
}
