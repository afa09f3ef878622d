package dev.conduit.replication.service;

/**
 * Applies one kind of replication task taken from this cluster's topic (the record's {@code conduit-task}
 * header names the kind). Returns a line for the log. A task that can never be applied throws
 * {@link IllegalArgumentException} (it is parked in the DLQ at once), one that may work later throws
 * {@link RetryLaterException} (retried without limit: the offset waits), anything else is retried a few
 * times and then parked.
 */
@FunctionalInterface
public interface TaskApplier {
  String apply(byte[] task);
}
