package dev.conduit.matching;

import com.google.protobuf.ByteString;
import dev.conduit.matching.history.HistoryUnavailableException;
import dev.conduit.matching.queue.NewTask;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.matching.TaskQueueId;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.matching.v1.AddTaskResponse;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollActivityTaskQueueResponse;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matching service's gRPC edge: validates requests, calls the {@link MatchingEngine}, and turns its
 * errors into status codes (bad input INVALID_ARGUMENT; lost lease, Cassandra or history trouble
 * UNAVAILABLE, which callers retry).
 */
public final class MatchingHandler extends MatchingServiceGrpc.MatchingServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(MatchingHandler.class);
  /** A poll answers empty this long before the caller's own deadline, so the answer arrives in time. */
  static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

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
  public void pollWorkflowTaskQueue(PollRequest request, StreamObserver<PollWorkflowTaskQueueResponse> response) {
    poll(request, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, response, bytes -> PollWorkflowTaskQueueResponse.newBuilder().setResponse(bytes).build());
  }

  @Override
  public void pollActivityTaskQueue(PollRequest request, StreamObserver<PollActivityTaskQueueResponse> response) {
    poll(request, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, response, bytes -> PollActivityTaskQueueResponse.newBuilder().setResponse(bytes).build());
  }

  private void add(AddTaskRequest request, TaskQueueType type, StreamObserver<AddTaskResponse> response) {
    answer(response, () -> {
      TaskQueueId queue = queueId(request.getTaskQueue(), type);
      if (request.getWorkflowId().isEmpty() || request.getRunId().isEmpty()) {
        throw invalid("workflow_id and run_id are required");
      }
      if (request.getScheduledEventId() <= 0) {
        throw invalid("scheduled_event_id must be positive, was " + request.getScheduledEventId());
      }
      com.google.protobuf.Duration timeout = request.getScheduleToStartTimeout();
      if (timeout.getSeconds() < 0 || timeout.getNanos() < 0) {
        throw invalid("schedule_to_start_timeout must not be negative");
      }
      NewTask task = new NewTask(request.getWorkflowId(), request.getRunId(), request.getScheduledEventId(),
          Duration.ofSeconds(timeout.getSeconds(), timeout.getNanos()));
      return AddTaskResponse.newBuilder().setSyncMatched(engine.addTask(queue, task)).build();
    });
  }

  private <T> void poll(PollRequest request, TaskQueueType type, StreamObserver<T> response, Function<ByteString, T> wrap) {
    Context context = Context.current();
    answer(response, () -> {
      TaskQueueId queue = queueId(request.getTaskQueue(), type);
      ByteString result = engine.poll(queue, request.getRequest(), maxWait(context.getDeadline()), new GrpcPollCancellation(context));
      return wrap.apply(result);
    });
  }

  private Duration maxWait(Deadline callerDeadline) {
    if (callerDeadline == null) {
      return longPollExpiry;
    }
    Duration beforeDeadline = Duration.ofMillis(callerDeadline.timeRemaining(TimeUnit.MILLISECONDS)).minus(DEADLINE_MARGIN);
    Duration wait = beforeDeadline.compareTo(longPollExpiry) < 0 ? beforeDeadline : longPollExpiry;
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static TaskQueueId queueId(TaskQueueKey key, TaskQueueType expected) {
    if (key.getNamespaceId().isEmpty() || key.getName().isEmpty()) {
      throw invalid("task_queue.namespace_id and task_queue.name are required");
    }
    if (key.getType() != expected) {
      throw invalid("task_queue.type is " + key.getType() + " but this call serves " + expected);
    }
    return new TaskQueueId(key.getNamespaceId(), key.getName(), key.getType(), key.getSticky());
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      response.onError(toStatus(e).asRuntimeException());
      return;
    }
    if (response instanceof ServerCallStreamObserver<T> server && server.isCancelled()) {
      return; // the caller is gone; answering would only fail
    }
    response.onNext(result);
    response.onCompleted();
  }

  private static Status toStatus(RuntimeException e) {
    if (e instanceof InvalidRequest) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    if (e instanceof HistoryUnavailableException) {
      return Status.UNAVAILABLE.withDescription(e.getMessage());
    }
    if (e instanceof PersistenceException p) {
      // a lost lease or a failed write: the task is not durable here, the caller retries
      log.debug("matching call failed: {}", e.getMessage());
      return Status.UNAVAILABLE.withDescription(p.getMessage());
    }
    log.error("matching call failed unexpectedly", e);
    return Status.INTERNAL.withDescription(String.valueOf(e.getMessage()));
  }

  private static InvalidRequest invalid(String message) {
    return new InvalidRequest(message);
  }

  /** A request that can never succeed as sent. */
  private static final class InvalidRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequest(String message) {
      super(message, null, false, false);
    }
  }
}
