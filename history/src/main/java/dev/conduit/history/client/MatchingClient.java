package dev.conduit.history.client;

import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;

/**
 * History's view of the matching service: the transfer and timer queues hand workflow and activity
 * tasks to it. A call that throws is retried by the queue with backoff (tasks are at-least-once).
 */
public interface MatchingClient {

  AddTaskResponse addWorkflowTask(AddTaskRequest request);

  AddTaskResponse addActivityTask(AddTaskRequest request);
}
