package dev.conduit.matching;

import com.google.protobuf.ByteString;
import dev.conduit.matching.history.HistoryClient;
import dev.conduit.matching.history.HistoryUnavailableException;
import dev.conduit.matching.history.StaleTaskException;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * History as matching sees it, for unit tests: records starts, answers NOT_FOUND (stale) or fails for the
 * workflow ids it is told to, and answers {@code "<kind>:<workflowId>"} as the poll response.
 */
final class FakeHistory implements HistoryClient {
  final Set<String> stale = ConcurrentHashMap.newKeySet();
  final Set<String> unavailable = ConcurrentHashMap.newKeySet();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<String> started = Collections.synchronizedList(new ArrayList<>());

  static ByteString response(String kind, String workflowId) {
    return ByteString.copyFromUtf8(kind + ":" + workflowId);
  }

  @Override
  public RecordWorkflowTaskStartedResponse recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request) {
    check(request.getWorkflowId(), request.getRequestId());
    return RecordWorkflowTaskStartedResponse.newBuilder().setResponse(response("workflow", request.getWorkflowId())).build();
  }

  @Override
  public RecordActivityTaskStartedResponse recordActivityTaskStarted(RecordActivityTaskStartedRequest request) {
    check(request.getWorkflowId(), request.getRequestId());
    return RecordActivityTaskStartedResponse.newBuilder().setResponse(response("activity", request.getWorkflowId())).build();
  }

  private void check(String workflowId, String requestId) {
    if (requestId.isEmpty()) {
      throw new AssertionError("matching must send a request id");
    }
    calls.add(workflowId);
    if (stale.contains(workflowId)) {
      throw new StaleTaskException("workflow " + workflowId + " is closed");
    }
    if (unavailable.contains(workflowId)) {
      throw new HistoryUnavailableException("history down for " + workflowId, null);
    }
    started.add(workflowId);
  }
}
