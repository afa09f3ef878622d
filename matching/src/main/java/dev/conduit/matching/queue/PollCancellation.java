package dev.conduit.matching.queue;

/**
 * Tells a waiting poll that its caller went away (a gRPC call cancelled by the worker), so that no task
 * is handed to it any more.
 */
public interface PollCancellation {

  boolean isCancelled();

  /** Runs {@code action} once when the poll is cancelled, at once if it already is. */
  void onCancel(Runnable action);

  /** A poll nobody cancels. */
  static PollCancellation never() {
    return new PollCancellation() {
      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public void onCancel(Runnable action) {}
    };
  }
}
