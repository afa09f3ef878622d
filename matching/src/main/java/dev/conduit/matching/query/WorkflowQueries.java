package dev.conduit.matching.query;

import com.google.protobuf.ByteString;
import dev.conduit.matching.queue.PollCancellation;
import dev.conduit.matching.queue.QueryTask;
import dev.conduit.matching.queue.QueueUnloadedException;
import dev.conduit.matching.queue.TaskQueueManager;
import dev.conduit.persistence.matching.TaskQueueId;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Query tasks, sync only: a query is handed to a poller of its workflow task queue (or waits in memory
 * for the next one, ahead of the backlog), and the caller waits for the worker's answer, which arrives
 * through {@link #complete}. Nothing is persisted; a query that no worker takes and answers in time
 * fails with {@link QueryTimeoutException}. When the queue unloads while the query waits for a poller,
 * the query is offered again to the queue's next manager.
 */
public final class WorkflowQueries {
  private static final int MAX_OFFERS = 4;

  private final PendingQueries pending = new PendingQueries();
  private final Function<TaskQueueId, TaskQueueManager> managers;
  private final Duration queryTimeout;

  /** {@code managers} gives the queue's current manager, loading it if needed. */
  public WorkflowQueries(Function<TaskQueueId, TaskQueueManager> managers, Duration queryTimeout) {
    this.managers = managers;
    this.queryTimeout = queryTimeout;
  }

  /**
   * Dispatches {@code query} with history's prepared {@code task} and waits up to {@code maxWait} (at most
   * the query timeout) for the worker's answer: the encoded {@code RespondQueryTaskCompletedRequest}.
   *
   * @throws QueryTimeoutException when no worker took and answered the query in time
   * @throws CancellationException when the caller went away first
   * @throws QueueUnloadedException when the queue kept unloading under the query
   */
  public ByteString query(TaskQueueId queue, String workflowId, String runId, PollWorkflowTaskQueueResponse task,
      WorkflowQuery query, Duration maxWait, PollCancellation cancellation) {
    String queryId = UUID.randomUUID().toString();
    ByteString response = QueryTokens.pollResponse(queue, workflowId, runId, queryId, task, query);
    Duration wait = maxWait.compareTo(queryTimeout) < 0 ? maxWait : queryTimeout;
    long deadline = System.nanoTime() + wait.toNanos();
    CompletableFuture<ByteString> answer = pending.register(queryId, queue.namespaceId());
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    cancellation.onCancel(() -> cancelled.complete(null));
    try {
      QueryTask current = null;
      int offers = 0;
      while (true) {
        if (answer.isDone()) {
          return answer.join();
        }
        if (cancelled.isDone()) {
          withdraw(current);
          throw new CancellationException("the caller of query " + queryId + " went away");
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw timedOut(queue, queryId, current, wait);
        }
        if (current == null || current.state() == QueryTask.State.DROPPED) {
          if (++offers > MAX_OFFERS) {
            throw new QueueUnloadedException("task queue " + queue + " kept unloading while query " + queryId + " waited");
          }
          current = offer(queue, new QueryTask(queryId, response));
          continue;
        }
        await(CompletableFuture.anyOf(answer, current.dropped(), cancelled), remaining, cancelled);
      }
    } finally {
      pending.remove(queryId);
    }
  }

  /**
   * A worker's answer to query {@code queryId} of namespace {@code namespaceId}.
   *
   * @throws QueryNotFoundException when no such query waits here any more
   */
  public void complete(String namespaceId, String queryId, ByteString completed) {
    pending.complete(namespaceId, queryId, completed);
  }

  /** Queries waiting for an answer on this host; for tests and diagnostics. */
  public int pending() {
    return pending.size();
  }

  /** The task once offered, or null when the manager went away first (the caller offers again). */
  private QueryTask offer(TaskQueueId queue, QueryTask task) {
    try {
      managers.apply(queue).offerQuery(task);
      return task;
    } catch (QueueUnloadedException e) {
      return null;
    }
  }

  private static QueryTimeoutException timedOut(TaskQueueId queue, String queryId, QueryTask task, Duration wait) {
    if (task == null || withdraw(task)) {
      return new QueryTimeoutException("no worker polled task queue " + queue.name() + " for query " + queryId
          + " within " + wait.toMillis() + " ms");
    }
    return new QueryTimeoutException("the worker that took query " + queryId + " did not answer within "
        + wait.toMillis() + " ms");
  }

  /** Takes the query back from the queue; false only when a worker already got it. */
  private static boolean withdraw(QueryTask task) {
    return task == null || task.withdraw() || task.state() != QueryTask.State.DELIVERED;
  }

  private static void await(CompletableFuture<?> any, long nanos, CompletableFuture<Void> cancelled) {
    try {
      any.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // the caller's loop sees the deadline
    } catch (InterruptedException e) {
      // the server is shutting down: treated as the caller going away, so the query is withdrawn
      Thread.currentThread().interrupt();
      cancelled.complete(null);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
