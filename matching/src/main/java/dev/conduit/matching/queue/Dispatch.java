package dev.conduit.matching.queue;

/**
 * What a waiting poll can be handed: a workflow or activity task to start through history
 * ({@link DispatchedTask}), or a query for a worker to answer ({@link QueryTask}).
 */
public sealed interface Dispatch permits DispatchedTask, QueryTask {

  /** The poll cannot deliver this after all (its caller went away): let another poller have it. */
  void giveBack();
}
