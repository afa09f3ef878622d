package dev.conduit.history.client;

import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import java.time.Duration;

/**
 * History's view of the matching service: the transfer and timer queues hand workflow and activity
 * tasks to it, and queries go to workers through it. A call that throws is retried by the queue with backoff (tasks are at-least-once).
 */
public interface MatchingClient {

  AddTaskResponse addWorkflowTask(AddTaskRequest request);

  AddTaskResponse addActivityTask(AddTaskRequest request);

  /**
   * Hands a query task to a poller of the workflow's queue and waits for the worker's answer, at most
   * {@code timeout}. Throws the status matching answers (DEADLINE_EXCEEDED when no worker answered).
   */
  QueryWorkflowResponse queryWorkflow(QueryWorkflowRequest request, Duration timeout);
}
