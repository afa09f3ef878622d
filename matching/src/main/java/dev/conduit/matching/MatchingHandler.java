package dev.conduit.matching;

import dev.conduit.matching.queue.RecentPollers;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.conduit.matching.query.QueryTokens;
import dev.conduit.matching.queue.NewTask;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollActivityTaskQueueResponse;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowRequest;
import dev.conduit.proto.matching.v1.QueryWorkflowResponse;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedRequest;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedResponse;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import dev.conduit.proto.token.v1.TaskToken;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The matching service's gRPC edge: validates requests, calls the {@link MatchingEngine}, and answers
 * with its result or the status its error maps to ({@link MatchingCalls}).
 */
public final class MatchingHandler extends MatchingServiceGrpc.MatchingServiceImplBase {
  /** A poll answers empty this long before the caller's own deadline, so the answer arrives in time. */
  static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);
  /** A query fails with DEADLINE_EXCEEDED this long before its caller's deadline. */
  static final Duration QUERY_DEADLINE_MARGIN = Duration.ofMillis(250);

  private final MatchingEngine engine;
  private final Duration longPollExpiry;

  public MatchingHandler(MatchingEngine engine, Duration longPollExpiry) {
    this.engine = engine;
    this.longPollExpiry = longPollExpiry;
  }

  @Override
  public void addWorkflowTask(AddTaskRequest request, StreamObserver<AddTaskResponse> response) {
    add(request, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, response);
  }

  @Override
  public void addActivityTask(AddTaskRequest request, StreamObserver<AddTaskResponse> response) {
    add(request, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, response);
  }

  @Override
  public void pollWorkflowTaskQueue(PollRequest request,
      StreamObserver<dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse> response) {
    poll(request, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, response,
        bytes -> dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse.newBuilder().setResponse(bytes).build());
  }

  @Override
  public void pollActivityTaskQueue(PollRequest request, StreamObserver<PollActivityTaskQueueResponse> response) {
    poll(request, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, response, bytes -> PollActivityTaskQueueResponse.newBuilder().setResponse(bytes).build());
  }

  @Override
  public void describeTaskQueue(dev.conduit.proto.matching.v1.DescribeTaskQueueRequest request,
      StreamObserver<dev.conduit.proto.matching.v1.DescribeTaskQueueResponse> response) {
    MatchingCalls.answer(response, () -> {
      TaskQueueId queue = queueId(request.getTaskQueue(), request.getTaskQueue().getType());
      io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse.Builder described =
          io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse.newBuilder();
      for (RecentPollers.Seen seen : engine.pollers(queue)) {
        described.addPollers(io.temporal.api.taskqueue.v1.PollerInfo.newBuilder()
            .setIdentity(seen.identity())
            .setLastAccessTime(com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(seen.lastAccess().getEpochSecond()).setNanos(seen.lastAccess().getNano())));
      }
      return dev.conduit.proto.matching.v1.DescribeTaskQueueResponse.newBuilder()
          .setResponse(described.build().toByteString()).build();
    });
  }

  @Override
  public void queryWorkflow(QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> response) {
    Context context = Context.current();
    MatchingCalls.answer(response, () -> {
      TaskQueueId queue = queueId(request.getTaskQueue(), TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
      if (request.getWorkflowId().isEmpty()) {
        throw MatchingCalls.invalid("workflow_id is required");
      }
      PollWorkflowTaskQueueResponse task = parse(PollWorkflowTaskQueueResponse.parser(), request.getTask(), "task");
      WorkflowQuery query = parse(WorkflowQuery.parser(), request.getQuery(), "query");
      if (query.getQueryType().isEmpty()) {
        throw MatchingCalls.invalid("query.query_type is required");
      }
      Duration maxWait = waitFor(context.getDeadline(), QUERY_DEADLINE_MARGIN, Duration.ofDays(1));
      ByteString completed = engine.query(queue, request.getWorkflowId(), request.getRunId(), task, query, maxWait,
          new GrpcPollCancellation(context));
      return QueryWorkflowResponse.newBuilder().setCompleted(completed).build();
    });
  }

  @Override
  public void respondQueryTaskCompleted(RespondQueryTaskCompletedRequest request,
      StreamObserver<RespondQueryTaskCompletedResponse> response) {
    MatchingCalls.answer(response, () -> {
      var completed = parse(io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.parser(),
          request.getRequest(), "request");
      TaskToken token = QueryTokens.decode(completed.getTaskToken())
          .orElseThrow(() -> MatchingCalls.invalid("request.task_token is not a query task token"));
      if (!request.getNamespaceId().isEmpty() && !request.getNamespaceId().equals(token.getNamespaceId())) {
        throw MatchingCalls.invalid("request.task_token belongs to another namespace than " + request.getNamespaceId());
      }
      engine.respondQuery(token.getNamespaceId(), token.getQueryId(), request.getRequest());
      return RespondQueryTaskCompletedResponse.getDefaultInstance();
    });
  }

  private void add(AddTaskRequest request, TaskQueueType type, StreamObserver<AddTaskResponse> response) {
    MatchingCalls.answer(response, () -> {
      TaskQueueId queue = queueId(request.getTaskQueue(), type);
      if (request.getWorkflowId().isEmpty() || request.getRunId().isEmpty()) {
        throw MatchingCalls.invalid("workflow_id and run_id are required");
      }
      if (request.getScheduledEventId() <= 0) {
        throw MatchingCalls.invalid("scheduled_event_id must be positive, was " + request.getScheduledEventId());
      }
      com.google.protobuf.Duration timeout = request.getScheduleToStartTimeout();
      if (timeout.getSeconds() < 0 || timeout.getNanos() < 0) {
        throw MatchingCalls.invalid("schedule_to_start_timeout must not be negative");
      }
      NewTask task = new NewTask(request.getWorkflowId(), request.getRunId(), request.getScheduledEventId(),
          Duration.ofSeconds(timeout.getSeconds(), timeout.getNanos()));
      return AddTaskResponse.newBuilder().setSyncMatched(engine.addTask(queue, task)).build();
    });
  }

  private <T> void poll(PollRequest request, TaskQueueType type, StreamObserver<T> response, Function<ByteString, T> wrap) {
    Context context = Context.current();
    MatchingCalls.answer(response, () -> {
      TaskQueueId queue = queueId(request.getTaskQueue(), type);
      Duration maxWait = waitFor(context.getDeadline(), DEADLINE_MARGIN, longPollExpiry);
      ByteString result = engine.poll(queue, request.getRequest(), maxWait, new GrpcPollCancellation(context));
      return wrap.apply(result);
    });
  }

  /** Up to {@code max}, ending {@code margin} before the caller's deadline so the answer reaches it in time. */
  private static Duration waitFor(Deadline callerDeadline, Duration margin, Duration max) {
    if (callerDeadline == null) {
      return max;
    }
    Duration beforeDeadline = Duration.ofMillis(callerDeadline.timeRemaining(TimeUnit.MILLISECONDS)).minus(margin);
    Duration wait = beforeDeadline.compareTo(max) < 0 ? beforeDeadline : max;
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static <T> T parse(Parser<T> parser, ByteString bytes, String field) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw MatchingCalls.invalid(field + " does not parse: " + e.getMessage());
    }
  }

  private static TaskQueueId queueId(TaskQueueKey key, TaskQueueType expected) {
    if (key.getNamespaceId().isEmpty() || key.getName().isEmpty()) {
      throw MatchingCalls.invalid("task_queue.namespace_id and task_queue.name are required");
    }
    if (key.getType() != expected) {
      throw MatchingCalls.invalid("task_queue.type is " + key.getType() + " but this call serves " + expected);
    }
    return new TaskQueueId(key.getNamespaceId(), key.getName(), key.getType(), key.getSticky());
  }
}
