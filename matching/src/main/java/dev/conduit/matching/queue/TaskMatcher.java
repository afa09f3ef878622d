package dev.conduit.matching.queue;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The in-memory meeting point of one task queue: pollers waiting for a task, and backlog tasks (read
 * from Cassandra, in id order) waiting for a poller. At most one of the two lists is non-empty at any
 * time; both are changed under one lock so a task and a poller never miss each other.
 */
final class TaskMatcher {
  private final Object lock = new Object();
  private final Deque<Poller> pollers = new ArrayDeque<>();
  private final Deque<DispatchedTask> ready = new ArrayDeque<>();
  private boolean closed;

  /**
   * Sync match: hands a new task to the longest-waiting poller. Refused when backlog tasks are ready,
   * so that a new task does not overtake older ones, and when no poller waits.
   */
  boolean offerNew(DispatchedTask task) {
    synchronized (lock) {
      return !closed && ready.isEmpty() && offerToPoller(task);
    }
  }

  /** A backlog task read in id order: to a waiting poller, else to the end of the ready list. */
  void addBacklog(DispatchedTask task) {
    synchronized (lock) {
      if (!closed && !offerToPoller(task)) {
        ready.addLast(task);
      }
    }
  }

  /** A backlog task a poller gave back: it keeps its place at the front. */
  void requeue(DispatchedTask task) {
    synchronized (lock) {
      if (!closed && !offerToPoller(task)) {
        ready.addFirst(task);
      }
    }
  }

  /** A poll arrives: it takes the oldest ready task at once, or waits in line. */
  Poller register() {
    synchronized (lock) {
      if (closed) {
        throw new QueueUnloadedException("task queue unloaded");
      }
      DispatchedTask task = ready.pollFirst();
      if (task != null) {
        return Poller.holding(task);
      }
      Poller poller = new Poller();
      pollers.addLast(poller);
      return poller;
    }
  }

  /** Forgets a poller that timed out or was cancelled. */
  void deregister(Poller poller) {
    synchronized (lock) {
      pollers.remove(poller);
    }
  }

  int readyCount() {
    synchronized (lock) {
      return ready.size();
    }
  }

  int waitingPollers() {
    synchronized (lock) {
      return (int) pollers.stream().filter(Poller::isWaiting).count();
    }
  }

  /** Unloads every waiting poller and drops the ready tasks (they are still in the backlog). */
  void close() {
    synchronized (lock) {
      closed = true;
      pollers.forEach(Poller::unload);
      pollers.clear();
      ready.clear();
    }
  }

  private boolean offerToPoller(DispatchedTask task) {
    Poller poller;
    while ((poller = pollers.pollFirst()) != null) {
      if (poller.offer(task)) {
        return true;
      }
    }
    return false;
  }
}
