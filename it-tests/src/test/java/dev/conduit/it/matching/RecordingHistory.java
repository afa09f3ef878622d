package dev.conduit.it.matching;

import dev.conduit.matching.history.HistoryClient;
import dev.conduit.matching.history.StaleTaskException;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * History as matching calls it, in the test JVM: answers real Temporal poll responses naming the workflow,
 * NOT_FOUND (stale) for the workflow ids it is told, and records every start.
 */
final class RecordingHistory implements HistoryClient {
  final Set<String> stale = ConcurrentHashMap.newKeySet();
  final List<String> started = new CopyOnWriteArrayList<>();
  final List<String> staleCalls = new CopyOnWriteArrayList<>();

  @Override
  public RecordWorkflowTaskStartedResponse recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request) {
    record(request.getWorkflowId());
    PollWorkflowTaskQueueResponse response = PollWorkflowTaskQueueResponse.newBuilder()
        .setTaskToken(com.google.protobuf.ByteString.copyFromUtf8(request.getRequestId()))
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(request.getWorkflowId()).setRunId(request.getRunId()))
        .setStartedEventId(request.getScheduledEventId() + 1)
        .build();
    return RecordWorkflowTaskStartedResponse.newBuilder().setResponse(response.toByteString()).build();
  }

  @Override
  public RecordActivityTaskStartedResponse recordActivityTaskStarted(RecordActivityTaskStartedRequest request) {
    record(request.getWorkflowId());
    PollActivityTaskQueueResponse response = PollActivityTaskQueueResponse.newBuilder()
        .setTaskToken(com.google.protobuf.ByteString.copyFromUtf8(request.getRequestId()))
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(request.getWorkflowId()).setRunId(request.getRunId()))
        .setActivityId("activity-" + request.getScheduledEventId())
        .build();
    return RecordActivityTaskStartedResponse.newBuilder().setResponse(response.toByteString()).build();
  }

  private void record(String workflowId) {
    if (stale.contains(workflowId)) {
      staleCalls.add(workflowId);
      throw new StaleTaskException("workflow " + workflowId + " is closed");
    }
    started.add(workflowId);
  }
}
