package dev.conduit.matching;

import dev.conduit.matching.queue.RecentPollers;
import dev.conduit.proto.matching.v1.TaskQueueType;
import com.google.protobuf.ByteString;
import dev.conduit.matching.history.StaleTaskException;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.matching.query.WorkflowQueries;
import dev.conduit.matching.queue.Dispatch;
import dev.conduit.matching.queue.DispatchedTask;
import dev.conduit.matching.queue.DispatchedTask.Outcome;
import dev.conduit.matching.queue.NewTask;
import dev.conduit.matching.queue.PollCancellation;
import dev.conduit.matching.queue.QueryTask;
import dev.conduit.matching.queue.QueueUnloadedException;
import dev.conduit.matching.queue.TaskQueueManager;
import dev.conduit.matching.queue.TaskQueueManager.AddResult;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.persistence.matching.TaskQueueStore;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matching service's core, transport aside: one {@link TaskQueueManager} per task queue, created on
 * first use and unloaded when idle, plus the long-poll loop that asks history to start what a poller
 * took. A stale task is dropped and the poll waits on for the next one within its deadline. Queries
 * are handed to pollers of workflow queues by {@link WorkflowQueries}, in memory only.
 */
public final class MatchingEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MatchingEngine.class);
  private static final int MAX_UNLOADED_RETRIES = 3;

  private final TaskQueueStore store;
  private final TaskStarter starter;
  private final MatchingSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Map<TaskQueueId, TaskQueueManager> managers = new ConcurrentHashMap<>();
  private volatile QueueOwnership ownership = QueueOwnership.ALL;
  private final Map<TaskQueueId, RecentPollers> pollers = new ConcurrentHashMap<>();
  private final WorkflowQueries queries;
  private volatile boolean closed;

  public MatchingEngine(TaskQueueStore store, TaskStarter starter, MatchingSettings settings, Clock clock) {
    this.store = store;
    this.starter = starter;
    this.settings = settings;
    this.clock = clock;
    this.executor = Executors.newScheduledThreadPool(2, daemonThreads("matching-backlog-"));
    this.queries = new WorkflowQueries(this::manager, settings.queryTimeout());
    long every = settings.housekeepingInterval().toMillis();
    executor.scheduleWithFixedDelay(this::housekeeping, every, every, TimeUnit.MILLISECONDS);
  }

  /** Returns true when a poller took the task at once (or history said it is stale), false when it went to the backlog. */
  public boolean addTask(TaskQueueId queue, NewTask task) {
    for (int attempt = 0; ; attempt++) {
      try {
        return manager(queue).addTask(task) == AddResult.SYNC_MATCHED;
      } catch (QueueUnloadedException e) {
        if (attempt >= MAX_UNLOADED_RETRIES) {
          throw new PersistenceException("task queue " + queue + " kept unloading; retry", true, e);
        }
      }
    }
  }

  /** The workers that polled {@code queue} lately, most recent first. */
  public List<RecentPollers.Seen> pollers(TaskQueueId queue) {
    RecentPollers recent = pollers.get(queue);
    return recent == null ? List.of() : recent.seen(clock.instant());
  }

  /** The identity a poll request names (the public request of the queue's type); empty if it names none. */
  private static String identityOf(TaskQueueId queue, ByteString pollRequest) {
    try {
      return queue.type() == TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
          ? io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest.parseFrom(pollRequest).getIdentity()
          : io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest.parseFrom(pollRequest).getIdentity();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return "";
    }
  }

  /**
   * Long poll: waits up to {@code maxWait} for a task that history agrees to start and answers history's
   * poll response, or empty bytes when the time is up or the poll was cancelled.
   */
  public ByteString poll(TaskQueueId queue, ByteString pollRequest, Duration maxWait, PollCancellation cancellation) {
    pollers.computeIfAbsent(queue, q -> new RecentPollers()).polled(identityOf(queue, pollRequest), clock.instant());
    long deadline = System.nanoTime() + maxWait.toNanos();
    long remaining;
    int unloads = 0;
    while ((remaining = deadline - System.nanoTime()) > 0 && !cancellation.isCancelled()) {
      Dispatch dispatch;
      try {
        dispatch = manager(queue).poll(Duration.ofNanos(remaining), cancellation);
      } catch (QueueUnloadedException e) {
        if (++unloads > MAX_UNLOADED_RETRIES) {
          break; // an empty answer: the worker polls again
        }
        continue; // the manager went away under us: wait on its successor
      }
      if (dispatch == null) {
        break;
      }
      if (cancellation.isCancelled()) {
        dispatch.giveBack(); // the worker is gone: nobody would receive the task or query
        break;
      }
      if (dispatch instanceof QueryTask query) {
        if (query.deliver()) {
          return query.response();
        }
        continue; // the query stopped waiting just now
      }
      DispatchedTask task = (DispatchedTask) dispatch;
      Outcome outcome = Outcome.FAILED;
      try {
        ByteString response = starter.start(queue, task.record(), pollRequest);
        outcome = Outcome.STARTED;
        return response;
      } catch (StaleTaskException e) {
        outcome = Outcome.STALE;
        log.debug("task queue {}: dropped stale task {}: {}", queue, task.record(), e.getMessage());
      } finally {
        task.finish(outcome);
      }
    }
    return ByteString.EMPTY;
  }

  /**
   * A query task for a poller of the workflow queue {@code queue}: waits up to {@code maxWait} (at most the
   * query timeout) for a worker to take and answer it, and answers the worker's encoded
   * {@code RespondQueryTaskCompletedRequest}. See {@link WorkflowQueries#query} for the failures.
   */
  public ByteString query(TaskQueueId queue, String workflowId, String runId, PollWorkflowTaskQueueResponse task,
      WorkflowQuery query, Duration maxWait, PollCancellation cancellation) {
    return queries.query(queue, workflowId, runId, task, query, maxWait, cancellation);
  }

  /** A worker's answer to a query waiting on this host; see {@link WorkflowQueries#complete}. */
  public void respondQuery(String namespaceId, String queryId, ByteString completed) {
    queries.complete(namespaceId, queryId, completed);
  }

  /** Queries waiting for a worker or its answer on this host; for tests and diagnostics. */
  public int pendingQueries() {
    return queries.pending();
  }

  /** Polls waiting on {@code queue} now (0 when it is not loaded); for tests and diagnostics. */
  public int waitingPollers(TaskQueueId queue) {
    TaskQueueManager manager = managers.get(queue);
    return manager == null ? 0 : manager.waitingPollers();
  }

  /** Task queues currently loaded; for tests and diagnostics. */
  public int loadedQueues() {
    return managers.size();
  }

  /** Persists ack levels and unloads idle queues now (it also runs every housekeeping interval). */
  public void housekeeping() {
    for (TaskQueueManager manager : managers.values()) {
      try {
        if (manager.isIdle(clock.instant())) {
          manager.unload();
        } else {
          manager.flushAckLevel();
        }
      } catch (RuntimeException e) {
        log.warn("task queue {}: housekeeping failed", manager.queue(), e);
      }
    }
  }

  /** Unloads every queue (persisting ack levels); waiting polls answer empty, later calls are refused. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    managers.values().forEach(TaskQueueManager::unload);
    managers.clear();
  }

  /**
   * From now on serves only the queues {@code ownership} gives this host: calls for the others are refused
   * ({@link dev.conduit.matching.queue.QueueNotOwnedException}), and {@link #ownershipChanged()} unloads them.
   */
  public void setOwnership(QueueOwnership ownership) {
    this.ownership = java.util.Objects.requireNonNull(ownership, "ownership");
    ownershipChanged();
  }

  /**
   * Unloads the loaded queues the ring now gives another host (persisting their ack levels), so their waiting polls
   * come back and go to the new owner; call it when the matching ring changes.
   */
  public void ownershipChanged() {
    for (TaskQueueManager manager : managers.values()) {
      ownership.elsewhere(manager.queue()).ifPresent(owner -> {
        log.info("task queue {} moved to {}; unloading it here", manager.queue(), owner);
        manager.unload();
      });
    }
  }

  private TaskQueueManager manager(TaskQueueId queue) {
    if (closed) {
      throw new QueueUnloadedException("matching is shutting down");
    }
    ownership.elsewhere(queue).ifPresent(owner -> {
      throw new dev.conduit.matching.queue.QueueNotOwnedException(queue, owner);
    });
    // a manager that stopped but is not yet removed (its waiters wake before it leaves the map) is replaced
    TaskQueueManager manager = managers.compute(queue, (id, current) ->
        current != null && current.state() != TaskQueueManager.State.STOPPED ? current
            : new TaskQueueManager(id, store, settings, executor, clock, stopped -> managers.remove(stopped.queue(), stopped)));
    try {
      manager.start();
    } catch (QueueUnloadedException e) {
      managers.remove(queue, manager);
      throw e;
    }
    return manager;
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
