package dev.conduit.matching.queue;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A query waiting for a worker of a workflow task queue: the poll response the worker gets (history's
 * prepared workflow task with the query and a query task token set). It lives in memory only and goes
 * ahead of backlog tasks, so a query never waits behind a long backlog.
 *
 * <pre>
 *   QUEUED --deliver (a poll answers its worker with it)--> DELIVERED
 *     |----withdraw (the query stopped waiting)-----------> WITHDRAWN
 *     \----drop (the queue unloaded while it waited)------> DROPPED
 * </pre>
 * Every move is a compare-and-set from QUEUED, so exactly one happens: a query reaches at most one
 * worker, a query a worker got can no longer be withdrawn, and a dropped one is offered afresh (as a new
 * task with the same query id) to the queue's next manager.
 */
public final class QueryTask implements Dispatch {

  /** Where the query stands; see the diagram above. */
  public enum State { QUEUED, DELIVERED, WITHDRAWN, DROPPED }

  private final String queryId;
  private final ByteString response;
  private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
  private final CompletableFuture<Void> dropped = new CompletableFuture<>();
  private volatile TaskMatcher home;

  /** {@code response} is the encoded temporal {@code PollWorkflowTaskQueueResponse} for the worker. */
  public QueryTask(String queryId, ByteString response) {
    this.queryId = queryId;
    this.response = response;
  }

  public String queryId() {
    return queryId;
  }

  public ByteString response() {
    return response;
  }

  public State state() {
    return state.get();
  }

  public boolean isQueued() {
    return state.get() == State.QUEUED;
  }

  /** A poll is about to answer its worker with the query; false when it was withdrawn or dropped first. */
  public boolean deliver() {
    return state.compareAndSet(State.QUEUED, State.DELIVERED);
  }

  /** The query stops waiting for a worker; false when a worker already got it (or it was dropped). */
  public boolean withdraw() {
    if (!state.compareAndSet(State.QUEUED, State.WITHDRAWN)) {
      return false;
    }
    TaskMatcher matcher = home;
    if (matcher != null) {
      matcher.forgetQuery(this);
    }
    return true;
  }

  /** Completes when the queue unloaded before a worker got the query. */
  public CompletableFuture<Void> dropped() {
    return dropped;
  }

  /** The poll holding it went away before delivering: back to the front of the queue's queries. */
  @Override
  public void giveBack() {
    TaskMatcher matcher = home;
    if (matcher != null && isQueued()) {
      matcher.requeueQuery(this);
    }
  }

  void offeredTo(TaskMatcher matcher) {
    home = matcher;
  }

  void drop() {
    if (state.compareAndSet(State.QUEUED, State.DROPPED)) {
      dropped.complete(null);
    }
  }

  @Override
  public String toString() {
    return "query " + queryId + " (" + state.get() + ")";
  }
}
