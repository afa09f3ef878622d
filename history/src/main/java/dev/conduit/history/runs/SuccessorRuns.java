package dev.conduit.history.runs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.api.HistoryPages;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.workflow.WorkflowLifecycle;
import dev.conduit.persistence.execution.ConditionFailedException;
import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.CurrentExecution;
import dev.conduit.persistence.execution.CurrentExecutionConflictException;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.SuccessorRun;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the run that follows a closed one (continue-as-new, workflow retry), as its close recorded.
 * Idempotent: the successor's run id is fixed in the closed run's state and the current-execution record
 * must still name the closed run, so a second attempt (the closing call and the close task both try)
 * finds the work done. Whoever waits on the closed run's close event is woken once the successor exists,
 * so a client following the chain never asks for a run that is not there yet.
 */
public final class SuccessorRuns {
  private static final Logger log = LoggerFactory.getLogger(SuccessorRuns.class);

  private SuccessorRuns() {}

  public static void start(ShardContext shard, WorkflowKey closed) {
    MutableStateRecord state = shard.read(closed);
    if (ExecutionState.ofCode(state.getState()).isOpen() || !state.hasSuccessor()) {
      return;
    }
    SuccessorRun successor = state.getSuccessor();
    Optional<CurrentExecution> current = shard.currentExecution(closed.namespaceId(), closed.workflowId());
    if (current.isPresent() && !current.get().runId().equals(closed.runId())) {
      shard.wakeWaiters(closed);
      return;
    }
    StartWorkflowExecutionRequest request = request(shard, closed, state, successor);
    NamespaceEntry namespace = shard.namespaces().byId(closed.namespaceId());
    try {
      // The successor starts when its predecessor closed, as in Temporal. That also makes both attempts
      // write the very same first events, so the history batch of the attempt that loses the create (which
      // readers may prefer, it has the greater transaction id) equals the committed one.
      Instant startTime = state.getExecutionInfo().hasCloseTime()
          ? ProtoTime.instant(state.getExecutionInfo().getCloseTime()) : shard.clock().instant();
      shard.create(NewRun.build(closed.namespaceId(), successor.getRunId(), request, namespace, shard.config(),
          startTime, lineage(state, successor), null), CreateMode.REUSE_CLOSED_RUN, closed.runId());
    } catch (CurrentExecutionConflictException e) {
      if (!e.current().runId().equals(successor.getRunId())) {
        log.info("successor {} of {} not started: the workflow id moved on to run {}", successor.getRunId(),
            closed, e.current().runId());
      }
    } catch (ConditionFailedException e) {
      log.info("successor {} of {} already exists: {}", successor.getRunId(), closed, e.getMessage());
    }
    shard.wakeWaiters(closed);
  }

  /** Whether a closed run's successor exists, so its close event may be handed to a client. */
  public static boolean successorVisible(ShardContext shard, MutableStateRecord state) {
    if (!state.hasSuccessor()) {
      return true;
    }
    ExecutionInfo info = state.getExecutionInfo();
    return shard.currentExecution(info.getNamespaceId(), info.getWorkflowId())
        .map(current -> !current.runId().equals(info.getRunId()))
        .orElse(false);
  }

  private static StartWorkflowExecutionRequest request(ShardContext shard, WorkflowKey closed,
      MutableStateRecord state, SuccessorRun successor) {
    StartWorkflowExecutionRequest request = successor.getStartRequest().isEmpty()
        ? fromStartedEvent(shard, closed, state)
        : parse(successor.getStartRequest(), StartWorkflowExecutionRequest.parser());
    return request.toBuilder().setRequestId(closed.runId() + "/successor").build();
  }

  /** A retry repeats the run as it was started. */
  private static StartWorkflowExecutionRequest fromStartedEvent(ShardContext shard, WorkflowKey closed,
      MutableStateRecord state) {
    HistoryPages.Page first = HistoryPages.read(shard, HistoryPages.branchOf(state), 1, state.getNextEventId(), 1, null);
    HistoryEvent event = first.events().get(0);
    WorkflowExecutionStartedEventAttributes started = event.getWorkflowExecutionStartedEventAttributes();
    ExecutionInfo info = state.getExecutionInfo();
    StartWorkflowExecutionRequest.Builder request = StartWorkflowExecutionRequest.newBuilder()
        .setWorkflowId(info.getWorkflowId())
        .setWorkflowType(started.getWorkflowType())
        .setTaskQueue(started.getTaskQueue())
        .setInput(started.getInput())
        .setWorkflowExecutionTimeout(started.getWorkflowExecutionTimeout())
        .setWorkflowRunTimeout(started.getWorkflowRunTimeout())
        .setWorkflowTaskTimeout(started.getWorkflowTaskTimeout())
        .setIdentity(started.getIdentity());
    if (started.hasRetryPolicy()) {
      request.setRetryPolicy(started.getRetryPolicy());
    }
    if (started.hasMemo()) {
      request.setMemo(started.getMemo());
    }
    if (started.hasSearchAttributes()) {
      request.setSearchAttributes(started.getSearchAttributes());
    }
    if (started.hasHeader()) {
      request.setHeader(started.getHeader());
    }
    return request.build();
  }

  private static Lineage lineage(MutableStateRecord state, SuccessorRun successor) {
    ExecutionInfo info = state.getExecutionInfo();
    return new Lineage(info.getFirstRunId(), info.getRunId(), WorkflowLifecycle.initiatorOf(successor),
        Math.max(1, successor.getAttempt()),
        successor.getLastCompletionResult().isEmpty() ? null
            : parse(successor.getLastCompletionResult(), Payloads.parser()),
        successor.getContinuedFailure().isEmpty() ? null : parse(successor.getContinuedFailure(), Failure.parser()),
        info.hasParent() ? info.getParent() : null,
        ProtoTime.instantOrNull(info.getExecutionExpirationTime()),
        ProtoTime.duration(successor.getBackoff()));
  }

  private static <T> T parse(ByteString bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt successor run field", e);
    }
  }
}
