package dev.conduit.frontend.api;

import com.google.protobuf.ByteString;
import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.validation.RequestChecks;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's history newest event first, as the Web UI reads it. Each page reads the run's history forward through
 * {@link GetWorkflowExecutionHistory} and answers the {@code maximum_page_size} events below the page token's event
 * id, newest first, so a page costs one read of the history up to where it starts. The first page pins the run (the
 * current one when the request names none), so later pages stay on it after a continue-as-new.
 */
public final class GetWorkflowExecutionHistoryReverse
    implements Operation<GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse> {
  static final int DEFAULT_PAGE_SIZE = 1000;
  private static final int TOKEN_VERSION = 1;

  private final GetWorkflowExecutionHistory forward;
  private final DescribeWorkflowExecution describe;

  public GetWorkflowExecutionHistoryReverse(FrontendContext context) {
    this.forward = new GetWorkflowExecutionHistory(context);
    this.describe = new DescribeWorkflowExecution(context);
  }

  @Override
  public GetWorkflowExecutionHistoryReverseResponse handle(GetWorkflowExecutionHistoryReverseRequest request) {
    RequestChecks.requireExecution("execution", request.getExecution());
    if (request.getMaximumPageSize() < 0) {
      throw new InvalidArgumentException("maximum_page_size", "must not be negative");
    }
    int pageSize = request.getMaximumPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getMaximumPageSize();
    Token token = request.getNextPageToken().isEmpty() ? null : Token.parse(request.getNextPageToken());
    String runId = token != null ? token.runId() : request.getExecution().getRunId();
    if (runId.isEmpty()) {
      runId = describe.handle(DescribeWorkflowExecutionRequest.newBuilder().setNamespace(request.getNamespace())
          .setExecution(request.getExecution()).build()).getWorkflowExecutionInfo().getExecution().getRunId();
    }
    long below = token != null ? token.belowEventId() : Long.MAX_VALUE;
    List<HistoryEvent> events = readBelow(request.getNamespace(),
        WorkflowExecution.newBuilder().setWorkflowId(request.getExecution().getWorkflowId()).setRunId(runId).build(),
        below);
    int from = Math.max(0, events.size() - pageSize);
    List<HistoryEvent> page = new ArrayList<>(events.subList(from, events.size()));
    java.util.Collections.reverse(page);
    GetWorkflowExecutionHistoryReverseResponse.Builder response = GetWorkflowExecutionHistoryReverseResponse.newBuilder()
        .setHistory(History.newBuilder().addAllEvents(page));
    if (from > 0) {
      response.setNextPageToken(new Token(runId, events.get(from).getEventId()).toBytes());
    }
    return response.build();
  }

  /** The run's events with ids below {@code below}, oldest first. */
  private List<HistoryEvent> readBelow(String namespace, WorkflowExecution execution, long below) {
    List<HistoryEvent> events = new ArrayList<>();
    ByteString next = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page = forward.handle(GetWorkflowExecutionHistoryRequest.newBuilder()
          .setNamespace(namespace).setExecution(execution).setNextPageToken(next).build());
      for (HistoryEvent event : page.getHistory().getEventsList()) {
        if (event.getEventId() >= below) {
          return events;
        }
        events.add(event);
      }
      next = page.getNextPageToken();
    } while (!next.isEmpty());
    return events;
  }

  /** Where the next page starts: the run and the first event id the next page must stay below. */
  record Token(String runId, long belowEventId) {
    ByteString toBytes() {
      byte[] run = runId.getBytes(StandardCharsets.UTF_8);
      return ByteString.copyFrom(ByteBuffer.allocate(1 + 8 + run.length).put((byte) TOKEN_VERSION)
          .putLong(belowEventId).put(run).array());
    }

    static Token parse(ByteString bytes) {
      ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
      if (buffer.remaining() < 10 || buffer.get() != TOKEN_VERSION) {
        throw new InvalidArgumentException("next_page_token", "not a page token of GetWorkflowExecutionHistoryReverse");
      }
      long below = buffer.getLong();
      byte[] run = new byte[buffer.remaining()];
      buffer.get(run);
      if (below < 2) {
        throw new InvalidArgumentException("next_page_token", "not a page token of GetWorkflowExecutionHistoryReverse");
      }
      return new Token(new String(run, StandardCharsets.UTF_8), below);
    }
  }
}
