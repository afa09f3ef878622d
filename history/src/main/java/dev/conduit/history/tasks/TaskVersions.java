package dev.conduit.history.tasks;

/**
 * The version check every task executor makes besides its id checks: a task acts only when it carries
 * the version the mutable state records for the thing it acts on, so a task made before a failover
 * (under another cluster's version) cannot act after it.
 */
final class TaskVersions {
  private TaskVersions() {}

  static boolean stale(long taskVersion, long stateVersion) {
    return taskVersion != stateVersion;
  }
}
