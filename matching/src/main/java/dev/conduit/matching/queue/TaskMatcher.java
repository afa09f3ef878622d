package dev.conduit.matching.queue;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The in-memory meeting point of one task queue: pollers waiting for work, and work waiting for a
 * poller: queries (in arrival order) and backlog tasks (read from Cassandra, in id order). Pollers wait
 * only while no work waits, and the other way round; all lists change under one lock so work and a
 * poller never miss each other. A poll that arrives takes a waiting query before any backlog task.
 */
final class TaskMatcher {
  private final Object lock = new Object();
  private final Deque<Poller> pollers = new ArrayDeque<>();
  private final Deque<QueryTask> queries = new ArrayDeque<>();
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

  /** A new query: to a waiting poller, else to the end of the queries; dropped at once when closed. */
  void offerQuery(QueryTask query) {
    query.offeredTo(this);
    synchronized (lock) {
      if (closed) {
        query.drop();
      } else if (!offerToPoller(query)) {
        queries.addLast(query);
      }
    }
  }

  /** A query a poller gave back before delivering it: it keeps its place at the front. */
  void requeueQuery(QueryTask query) {
    synchronized (lock) {
      if (closed) {
        query.drop();
      } else if (query.isQueued() && !offerToPoller(query)) {
        queries.addFirst(query);
      }
    }
  }

  /** Forgets a query that stopped waiting. */
  void forgetQuery(QueryTask query) {
    synchronized (lock) {
      queries.remove(query);
    }
  }

  /** A poll arrives: it takes the oldest waiting query, else the oldest ready task, else waits in line. */
  Poller register() {
    synchronized (lock) {
      if (closed) {
        throw new QueueUnloadedException("task queue unloaded");
      }
      QueryTask query;
      while ((query = queries.pollFirst()) != null) {
        if (query.isQueued()) {
          return Poller.holding(query);
        }
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

  int waitingQueries() {
    synchronized (lock) {
      return (int) queries.stream().filter(QueryTask::isQueued).count();
    }
  }

  int waitingPollers() {
    synchronized (lock) {
      return (int) pollers.stream().filter(Poller::isWaiting).count();
    }
  }

  /**
   * Unloads every waiting poller, drops the ready tasks (they are still in the backlog) and the waiting
   * queries (their callers offer them to the queue's next manager).
   */
  void close() {
    synchronized (lock) {
      closed = true;
      pollers.forEach(Poller::unload);
      pollers.clear();
      ready.clear();
      queries.forEach(QueryTask::drop);
      queries.clear();
    }
  }

  private boolean offerToPoller(Dispatch work) {
    Poller poller;
    while ((poller = pollers.pollFirst()) != null) {
      if (poller.offer(work)) {
        return true;
      }
    }
    return false;
  }
}
