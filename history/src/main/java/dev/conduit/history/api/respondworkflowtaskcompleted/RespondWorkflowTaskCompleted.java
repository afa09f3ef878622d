package dev.conduit.history.api.respondworkflowtaskcompleted;

import io.temporal.api.sdk.v1.UserMetadata;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.api.TaskTokens;
import dev.conduit.history.api.WorkflowTasks;
import dev.conduit.history.api.recordactivitytaskstarted.RecordActivityTaskStarted;
import dev.conduit.history.api.recordworkflowtaskstarted.RecordWorkflowTaskStarted;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.history.runs.SuccessorRuns;
import dev.conduit.history.workflow.ActivityStateMachine;
import dev.conduit.history.workflow.HistoryLimits;
import dev.conduit.history.workflow.WorkflowTaskStateMachine;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.ServerFailureInfo;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Rejection;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RespondWorkflowTaskCompleted: records the completion, the worker's stickiness, and the events and
 * tasks of its commands, all in one write. A bad command fails the whole task instead (the commands
 * are discarded, WorkflowTaskFailed is recorded, a new attempt is scheduled) and the worker gets
 * INVALID_ARGUMENT. If events or Workflow Updates arrived while the task ran, a new workflow task delivers
 * them. Update messages (acceptances, responses, rejections) are handled by {@link UpdateMessages}. A run whose
 * history grew past its limit is terminated instead of applying the commands.
 *
 * <p>A speculative task (one that carried updates to an idle run) whose completion has no command and nothing but
 * rejections is discarded, as on Temporal: no event is written and the response's {@code reset_history_event_id}
 * tells the worker to roll back to the last completed task. Not when it was shipped events the worker would get
 * again (unless the worker can take them twice, and then at most {@link #MAX_EVENTS_SHIPPED_AGAIN}), nor when events
 * arrived while it ran.
 */
public final class RespondWorkflowTaskCompleted {
  private static final Logger log = LoggerFactory.getLogger(RespondWorkflowTaskCompleted.class);
  /** Temporal's {@code history.discardSpeculativeWorkflowTaskMaximumEventsCount} default. */
  static final int MAX_EVENTS_SHIPPED_AGAIN = 10;
  private final ShardController shards;
  private final CommandHandlers handlers = new CommandHandlers();

  public RespondWorkflowTaskCompleted(ShardController shards) {
    this.shards = shards;
  }

  public RespondWorkflowTaskCompletedResponse invoke(String namespaceId, RespondWorkflowTaskCompletedRequest request) {
    TaskToken token = TaskTokens.decode(request.getTaskToken(), TaskKind.TASK_KIND_WORKFLOW, namespaceId);
    ShardContext shard = shards.shardFor(token.getNamespaceId(), token.getWorkflowId());
    handlers.validateSequence(request.getCommandsList());
    WorkflowKey key = TaskTokens.key(token);
    AtomicReference<UpdateMessages> updates = new AtomicReference<>();
    AtomicReference<InlineTask> inline = new AtomicReference<>();
    AtomicReference<EagerActivities> eager = new AtomicReference<>();
    long[] discardedBackTo = new long[1];
    CommandFailure failure = shard.updateEndingWorkflowTask(key, tx -> {
      UpdateMessages messages = new UpdateMessages(shard.updates(), key, request.getMessagesList());
      updates.set(messages);
      inline.set(null);
      eager.set(null);
      discardedBackTo[0] = 0;
      WorkflowTaskInfo task = WorkflowTasks.startedTask(tx, token);
      if (discardable(tx, task, request)) {
        try {
          discardedBackTo[0] = discard(tx, shard.namespaces(), task, request, messages, shard.updates().hasUnsent(key));
          return null;
        } catch (CommandFailure bad) {
          // a malformed rejection: the task goes to history and fails there like any other with a bad message
          tx.reset();
          discardedBackTo[0] = 0;
          messages = new UpdateMessages(shard.updates(), key, request.getMessagesList());
          updates.set(messages);
        }
      }
      CommandFailure failed = apply(tx, shard.namespaces(), request, messages, shard.updates().hasUnsent(key), eager);
      if (failed == null && request.getReturnNewWorkflowTask() && startedInline(tx, request)) {
        inline.set(new InlineTask(tx.state().snapshot(),
            RecordWorkflowTaskStarted.updateMessages(shard, key, tx.state().workflowTask())));
      }
      return failed;
    });
    if (failure != null) {
      throw new InvalidRequestException(failure.getMessage());
    }
    updates.get().afterCommit();
    // update waiters read the registry too: wake them after it changed, not only at the commit
    shard.wakeWaiters(key);
    startSuccessor(shard, key);
    RespondWorkflowTaskCompletedResponse.Builder response = RespondWorkflowTaskCompletedResponse.newBuilder()
        .setResetHistoryEventId(discardedBackTo[0]);
    EagerActivities started = eager.get();
    if (started != null) {
      for (ActivityInfo activity : started.activities()) {
        response.addActivityTasks(RecordActivityTaskStarted.response(shard, key, started.workflowType(), activity));
      }
    }
    InlineTask task = inline.get();
    if (task != null) {
      // a sticky worker has the run cached and gets the events since the task it completed; any other the whole history
      boolean cached = !task.state().getExecutionInfo().getStickyTaskQueue().isEmpty();
      response.setWorkflowTask(RecordWorkflowTaskStarted.response(shard, key, task.state(), cached, task.messages()));
    }
    return response.build();
  }

  /**
   * Whether {@code task}'s completion leaves the run as it was: a speculative task, no command, no heartbeat, only
   * rejections, no event arrived meanwhile, and no more events shipped to the worker than it can take again.
   */
  private static boolean discardable(WorkflowTransaction tx, WorkflowTaskInfo task,
      RespondWorkflowTaskCompletedRequest request) {
    if (!task.getSpeculative() || request.getCommandsCount() > 0 || request.getForceCreateNewWorkflowTask()
        || tx.state().hasBufferedEvents()
        || !request.getMessagesList().stream().allMatch(m -> m.getBody().is(Rejection.class))) {
      return false;
    }
    // the events after the last completed task's WorkflowTaskCompleted were shipped with it, and will be again
    long shippedAgain = tx.state().nextEventId() - (tx.state().lastCompletedWorkflowTaskStartedEventId() + 2);
    long allowed = request.getCapabilities().getDiscardSpeculativeWorkflowTaskWithEvents()
        ? MAX_EVENTS_SHIPPED_AGAIN : 0;
    return shippedAgain <= allowed;
  }

  /**
   * Discards the speculative task: its rejections (and the updates it carried unanswered) go to the registry after
   * the commit, the worker's stickiness is kept, and updates admitted meanwhile get a new speculative task. Returns
   * the started event id of the last completed task, the point the worker rolls back to.
   */
  private static long discard(WorkflowTransaction tx, NamespaceLookup namespaces, WorkflowTaskInfo task,
      RespondWorkflowTaskCompletedRequest request, UpdateMessages updates, boolean updatesArrived) {
    updates.handleRemaining(new CommandContext(tx, namespaces, 0, request.getIdentity()), task.getScheduledEventId());
    WorkflowTaskStateMachine.discardSpeculative(tx);
    updateStickiness(tx, request);
    if (updatesArrived) {
      tx.requestSpeculativeWorkflowTask();
    }
    return tx.state().lastCompletedWorkflowTaskStartedEventId();
  }

  /** Activities started in the completion that scheduled them, for the worker that asked to run them. */
  private record EagerActivities(String workflowType, List<ActivityInfo> activities) {}

  /**
   * Starts the activities the task scheduled with {@code request_eager_execution} on the workflow's own queue, as
   * Temporal does: attempt 1 starts now for the worker that completed the task, whose response carries them, and
   * their dispatch to matching is dropped as already started. Not when the task closed the run.
   */
  private static EagerActivities startEagerly(WorkflowTransaction tx, CommandContext context, String identity) {
    if (context.eagerActivities.isEmpty() || !tx.state().isRunning()) {
      return null;
    }
    List<ActivityInfo> started = new java.util.ArrayList<>();
    for (long scheduledEventId : context.eagerActivities) {
      ActivityInfo activity = tx.state().activity(scheduledEventId);
      if (activity != null && !activity.hasStartedTime()) {
        started.add(ActivityStateMachine.start(tx, activity, UUID.randomUUID().toString(), identity));
      }
    }
    return started.isEmpty() ? null : new EagerActivities(tx.state().info().getWorkflowType(), started);
  }

  /** A workflow task started in the completion that scheduled it, for the worker that asked for it. */
  private record InlineTask(MutableStateRecord state, List<Message> messages) {}

  /**
   * Starts the workflow task this completion just scheduled, for the worker that asked for it inline
   * ({@code return_new_workflow_task}, sent by SDKs that heartbeat a workflow task while local activities run), as
   * Temporal does: the worker goes on without a round trip through matching. The task's dispatch to matching is then
   * dropped as already started. Returns whether it started one.
   */
  private static boolean startedInline(WorkflowTransaction tx, RespondWorkflowTaskCompletedRequest request) {
    WorkflowTaskInfo next = tx.state().workflowTask();
    if (!tx.state().isRunning() || next == null || next.getStartedEventId() != 0 || next.getTransient()) {
      return false;
    }
    WorkflowTaskStateMachine.start(tx, UUID.randomUUID().toString(), request.getIdentity());
    return true;
  }

  /**
   * A continue-as-new names its next run: create it now rather than waiting for the close task. The
   * completion is committed either way, so a failure here is left to the close task to repair.
   */
  private static void startSuccessor(ShardContext shard, WorkflowKey key) {
    try {
      SuccessorRuns.start(shard, key);
    } catch (RuntimeException e) {
      log.warn("successor of {} not created yet, the close task will: {}", key, e.toString());
    }
  }

  /** Returns the command failure that failed the task, or null when it completed. */
  @SuppressWarnings("deprecation") // binary checksum: still sent by SDKs without worker versioning
  private CommandFailure apply(WorkflowTransaction tx, NamespaceLookup namespaces,
      RespondWorkflowTaskCompletedRequest request, UpdateMessages updates, boolean updatesArrived,
      AtomicReference<EagerActivities> eager) {
    WorkflowTaskInfo task = tx.state().workflowTask();
    long completedEventId = WorkflowTaskStateMachine.complete(tx, completedAttributes(request));
    updateStickiness(tx, request);
    if (HistoryLimits.enforce(tx)) {
      return null;
    }
    CommandContext context = new CommandContext(tx, namespaces, completedEventId, request.getIdentity());
    // updates admitted while the task ran are unseen work, like buffered events: closing now would lose them
    context.updatesArrived = updatesArrived;
    try {
      for (Command command : request.getCommandsList()) {
        tx.userMetadataForNextEvent(command.getUserMetadata());
        if (command.getCommandType() == CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE) {
          updates.handleCommand(context, command);
        } else {
          handlers.handle(context, command);
        }
      }
      tx.userMetadataForNextEvent(UserMetadata.getDefaultInstance());
      updates.handleRemaining(context, task.getScheduledEventId());
    } catch (CommandFailure failure) {
      tx.reset();
      if (task.getAttempt() > 1
          && failure.failedCause() != WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) {
        // Failing again would only spin: leave the task to its timeout, which retries it later.
        return failure;
      }
      WorkflowTaskStateMachine.fail(tx, failure.failedCause(), serverFailure(failure.getMessage()),
          request.getIdentity(), request.getBinaryChecksum());
      return failure;
    }
    if (tx.state().isRunning()) {
      boolean newEvents = tx.state().hasBufferedEvents();
      if (newEvents || request.getForceCreateNewWorkflowTask() || context.activityCancelledBeforeStart) {
        WorkflowTaskStateMachine.schedule(tx, 1);
      } else if (updatesArrived) {
        // the updates admitted while the task ran are all the next task is for: it is speculative
        WorkflowTaskStateMachine.scheduleSpeculative(tx);
      }
    }
    eager.set(startEagerly(tx, context, request.getIdentity()));
    return null;
  }

  private static void updateStickiness(WorkflowTransaction tx, RespondWorkflowTaskCompletedRequest request) {
    String stickyQueue = request.getStickyAttributes().getWorkerTaskQueue().getName();
    if (!request.hasStickyAttributes() || stickyQueue.isEmpty()) {
      WorkflowTaskStateMachine.clearSticky(tx.state());
      return;
    }
    tx.state().infoBuilder()
        .setStickyTaskQueue(stickyQueue)
        .setStickyScheduleToStartTimeout(request.getStickyAttributes().getScheduleToStartTimeout())
        .setStickySetTime(ProtoTime.timestamp(tx.now()));
  }

  // Binary checksum and version stamp are deprecated but still sent; history keeps what the worker said.
  @SuppressWarnings("deprecation")
  private static WorkflowTaskCompletedEventAttributes.Builder completedAttributes(
      RespondWorkflowTaskCompletedRequest request) {
    WorkflowTaskCompletedEventAttributes.Builder attributes = WorkflowTaskCompletedEventAttributes.newBuilder()
        .setIdentity(request.getIdentity())
        .setBinaryChecksum(request.getBinaryChecksum());
    if (request.hasWorkerVersionStamp()) {
      attributes.setWorkerVersion(request.getWorkerVersionStamp());
    }
    if (request.hasSdkMetadata()) {
      attributes.setSdkMetadata(request.getSdkMetadata());
    }
    if (request.hasMeteringMetadata()) {
      attributes.setMeteringMetadata(request.getMeteringMetadata());
    }
    return attributes;
  }

  private static Failure serverFailure(String message) {
    return Failure.newBuilder()
        .setMessage(message)
        .setSource("History")
        .setServerFailureInfo(ServerFailureInfo.newBuilder().setNonRetryable(true))
        .build();
  }
}
