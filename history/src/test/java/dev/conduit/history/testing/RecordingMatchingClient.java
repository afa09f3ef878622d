package dev.conduit.history.testing;

import dev.conduit.history.client.MatchingClient;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what history hands to matching; can be told to fail the next calls. */
public final class RecordingMatchingClient implements MatchingClient {
  private final List<AddTaskRequest> workflowTasks = new ArrayList<>();
  private final List<AddTaskRequest> activityTasks = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  public void failNext(int calls) {
    failuresLeft.set(calls);
  }

  @Override
  public synchronized AddTaskResponse addWorkflowTask(AddTaskRequest request) {
    maybeFail();
    workflowTasks.add(request);
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
