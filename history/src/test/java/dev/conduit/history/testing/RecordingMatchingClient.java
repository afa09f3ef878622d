package dev.conduit.history.testing;

import dev.conduit.history.client.MatchingClient;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import io.grpc.Status;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Records what history hands to matching; can be told to fail the next calls and how to answer queries. */
public final class RecordingMatchingClient implements MatchingClient {
  private final List<AddTaskRequest> workflowTasks = new ArrayList<>();
  private final List<AddTaskRequest> activityTasks = new ArrayList<>();
  private final List<QueryWorkflowRequest> queries = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final java.util.Map<String, java.util.concurrent.CountDownLatch> held =
      new java.util.concurrent.ConcurrentHashMap<>();
  private Function<QueryWorkflowRequest, RespondQueryTaskCompletedRequest> worker =
      query -> { throw Status.DEADLINE_EXCEEDED.withDescription("no worker answered (test)").asRuntimeException(); };

  /** How the test's "worker" answers query tasks. */
  public synchronized void answerQueries(Function<QueryWorkflowRequest, RespondQueryTaskCompletedRequest> answer) {
    this.worker = answer;
  }

  @Override
  public QueryWorkflowResponse queryWorkflow(QueryWorkflowRequest request, Duration timeout) {
    Function<QueryWorkflowRequest, RespondQueryTaskCompletedRequest> answer;
    synchronized (this) {
      queries.add(request);
      answer = worker;
    }
    return QueryWorkflowResponse.newBuilder().setCompleted(answer.apply(request).toByteString()).build();
  }

  public synchronized List<QueryWorkflowRequest> queries() {
    return List.copyOf(queries);
  }

  public void failNext(int calls) {
    failuresLeft.set(calls);
  }

  /**
   * Holds every AddWorkflowTask of {@code workflowId} until {@code release} opens, as a sync match that
   * waits on a slow poller would.
   */
  public void holdWorkflowTasksOf(String workflowId, java.util.concurrent.CountDownLatch release) {
    held.put(workflowId, release);
  }

  @Override
  public AddTaskResponse addWorkflowTask(AddTaskRequest request) {
    java.util.concurrent.CountDownLatch release = held.get(request.getWorkflowId());
    if (release != null) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while held (test)", e);
      }
    }
    synchronized (this) {
      maybeFail();
      workflowTasks.add(request);
    }
    return AddTaskResponse.newBuilder().setSyncMatched(false).build();
  }

  @Override
  public synchronized AddTaskResponse addActivityTask(AddTaskRequest request) {
    maybeFail();
    activityTasks.add(request);
    return AddTaskResponse.newBuilder().setSyncMatched(false).build();
  }

  public synchronized List<AddTaskRequest> workflowTasks() {
    return List.copyOf(workflowTasks);
  }

  public synchronized List<AddTaskRequest> activityTasks() {
    return List.copyOf(activityTasks);
  }

  public synchronized AddTaskRequest lastWorkflowTask() {
    return workflowTasks.get(workflowTasks.size() - 1);
  }

  public synchronized AddTaskRequest lastActivityTask() {
    return activityTasks.get(activityTasks.size() - 1);
  }

  public synchronized void clear() {
    workflowTasks.clear();
    activityTasks.clear();
  }

  private void maybeFail() {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("matching unavailable (test)");
    }
  }
}
