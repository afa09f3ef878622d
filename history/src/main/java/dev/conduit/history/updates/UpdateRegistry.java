package dev.conduit.history.updates;

import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.update.v1.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Workflow Updates a shard's runs admitted but have not accepted yet, in memory only (as in Temporal: a
 * rejected update must leave no trace, so nothing is written before the workflow accepts it). An update
 * enters when UpdateWorkflowExecution admits it, rides every workflow task that starts until the worker
 * answers, and leaves when it is accepted (then the run's mutable state has it), rejected or aborted by the
 * run's close. Lost with the shard (a host restart or a shard move): the caller's retry admits it again.
 *
 * <p>Changes are made under the run's lock; waiters read concurrently, so every method is synchronized.
 */
public final class UpdateRegistry {
  private final Map<WorkflowKey, Map<String, Admitted>> byRun = new HashMap<>();

  /** One admitted update. Its waiters keep it after it left the registry, to read a rejection. */
  public static final class Admitted {
    private final Request request;
    private long sentInTask;
    private Failure rejection;

    Admitted(Request request) {
      this.request = request;
    }

    public Request request() {
      return request;
    }

    public String updateId() {
      return request.getMeta().getUpdateId();
    }

    /** The scheduled event id of the workflow task that last carried it to a worker; 0 before any did. */
    public synchronized long sentInTask() {
      return sentInTask;
    }

    /** The workflow's rejection, or null. */
    public synchronized Failure rejection() {
      return rejection;
    }

    synchronized void markSent(long taskScheduledEventId) {
      sentInTask = taskScheduledEventId;
    }

    synchronized void reject(Failure failure) {
      rejection = failure;
    }
  }

  /** The admitted update {@code updateId} of {@code run}, or null. */
  public synchronized Admitted find(WorkflowKey run, String updateId) {
    Map<String, Admitted> updates = byRun.get(run);
    return updates == null ? null : updates.get(updateId);
  }

  /** Admits {@code request}; the caller has checked that its id is neither admitted nor accepted. */
  public synchronized Admitted admit(WorkflowKey run, Request request) {
    Admitted admitted = new Admitted(request);
    byRun.computeIfAbsent(run, k -> new LinkedHashMap<>()).put(admitted.updateId(), admitted);
    return admitted;
  }

  /** The run's admitted updates in admission order. */
  public synchronized List<Admitted> admitted(WorkflowKey run) {
    Map<String, Admitted> updates = byRun.get(run);
    return updates == null ? List.of() : new ArrayList<>(updates.values());
  }

  /** Whether an admitted update of the run has not been carried by any workflow task yet. */
  public synchronized boolean hasUnsent(WorkflowKey run) {
    return admitted(run).stream().anyMatch(u -> u.sentInTask() == 0);
  }

  /** Records that the workflow task scheduled at {@code taskScheduledEventId} carries the update. */
  public synchronized void markSent(Admitted update, long taskScheduledEventId) {
    update.markSent(taskScheduledEventId);
  }

  /** The workflow rejected the update: its waiters see {@code failure}, and it leaves the registry (if still there). */
  public synchronized void reject(WorkflowKey run, Admitted update, Failure failure) {
    update.reject(failure);
    if (find(run, update.updateId()) == update) {
      remove(run, update.updateId());
    }
  }

  /** The update left the registry (accepted, so the run's state has it; or given up). */
  public synchronized void remove(WorkflowKey run, String updateId) {
    Map<String, Admitted> updates = byRun.get(run);
    if (updates != null && updates.remove(updateId) != null && updates.isEmpty()) {
      byRun.remove(run);
    }
  }

  /** The run closed: what it had not accepted is aborted (its waiters read the closed state). */
  public synchronized void dropRun(WorkflowKey run) {
    byRun.remove(run);
  }

  /** How many runs have admitted updates (for tests and metrics). */
  public synchronized int runs() {
    return byRun.size();
  }
}
