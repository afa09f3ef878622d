package dev.conduit.history.api.updateworkflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.payload;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
import static io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
import static io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.history.updates.UpdateProtocol;
import dev.conduit.history.updates.UpdateRegistry;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ProtocolMessageCommandAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Acceptance;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Rejection;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.Response;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workflow Update in history: admission without a write, delivery as a task message, acceptance and completion
 * as events (replayable), rejection without a trace, unprocessed updates, dedup by id, and updates that arrive
 * while a task runs. Calls wait no longer than the caller's 500 ms (less the margin), so they answer at once.
 */
class UpdateWorkflowTest {
  private static final Duration NO_WAIT = Duration.ofMillis(500);
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  /** A started workflow whose first task completed: idle, no task scheduled. */
  private WorkflowKey idleWorkflow(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key));
    assertThat(env.state(key).hasWorkflowTask()).isFalse();
    return key;
  }

  private UpdateWorkflowExecutionResponse update(WorkflowKey key, String updateId,
      UpdateWorkflowExecutionLifecycleStage stage) {
    UpdateWorkflowExecutionResponse response = env.update.update(HistoryTestEnv.NAMESPACE_ID,
        UpdateWorkflowExecutionRequest.newBuilder()
            .setNamespace(HistoryTestEnv.NAMESPACE)
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
            .setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStage(stage))
            .setRequest(request(updateId))
            .build(), NO_WAIT);
    env.processTransfers();
    return response;
  }

  private static Request request(String updateId) {
    return Request.newBuilder()
        .setMeta(Meta.newBuilder().setUpdateId(updateId).setIdentity("client"))
        .setInput(Input.newBuilder().setName("add").setArgs(payload("5")))
        .build();
  }

  private static Message message(String id, String updateId, com.google.protobuf.Message body) {
    return Message.newBuilder().setId(id).setProtocolInstanceId(updateId).setBody(Any.pack(body)).build();
  }

  private static Command protocolMessage(String messageId) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE)
        .setProtocolMessageCommandAttributes(ProtocolMessageCommandAttributes.newBuilder().setMessageId(messageId))
        .build();
  }

  private static Acceptance acceptance(String updateId, long sequencingEventId) {
    return Acceptance.newBuilder().setAcceptedRequestMessageId(UpdateProtocol.requestMessageId(updateId))
        .setAcceptedRequestSequencingEventId(sequencingEventId).build();
  }

  private static Response response(String updateId, String result) {
    return Response.newBuilder().setMeta(Meta.newBuilder().setUpdateId(updateId))
        .setOutcome(Outcome.newBuilder().setSuccess(payload(result))).build();
  }

  private void complete(PollWorkflowTaskQueueResponse task, List<Message> messages, Command... commands) {
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(task, commands).addAllMessages(messages).build());
    env.processTransfers();
  }

  @Test
  void anAdmittedUpdateWritesNothingAndRidesTheNextTaskAsAMessage() {
    WorkflowKey key = idleWorkflow("u-admit");
    int eventsBefore = env.events(key).size();

    UpdateWorkflowExecutionResponse admitted = update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);

    assertThat(admitted.getStage()).isEqualTo(UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
    assertThat(admitted.getUpdateRef().getWorkflowExecution().getRunId()).isEqualTo(key.runId());
    assertThat(admitted.hasOutcome()).isFalse();
    assertThat(env.events(key)).as("the task that carries it is speculative: no event yet").hasSize(eventsBefore);
    assertThat(task.getHistory().getEventsList().subList(eventsBefore, task.getHistory().getEventsCount()))
        .extracting(HistoryEvent::getEventType).as("the worker sees the task's scheduled and started events")
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(task.getMessagesList()).hasSize(1);
    Message message = task.getMessages(0);
    assertThat(message.getId()).isEqualTo("u1/request");
    assertThat(message.getProtocolInstanceId()).isEqualTo("u1");
    assertThat(message.getEventId()).isEqualTo(task.getStartedEventId() - 1);
    assertThat(message.getBody().is(Request.class)).isTrue();
  }

  @Test
  void anAdmissionThatLosesAConflictingWriteStillGetsItsWorkflowTask() {
    WorkflowKey key = idleWorkflow("u-conflict");
    // another writer changed the run: the admission's first attempt fails its conditional write and is recomputed
    env.store.overwriteSnapshot(key, env.state(key).toByteArray());

    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);

    assertThat(env.state(key).hasWorkflowTask()).isTrue();
    assertThat(env.pollWorkflowTask(key).getMessagesList()).extracting(Message::getProtocolInstanceId)
        .containsExactly("u1");
  }

  @Test
  void acceptanceAndResponseBecomeEventsThatReplayAndASecondRequestWithTheIdGetsTheOutcome() throws Exception {
    WorkflowKey key = idleWorkflow("u-accept");
    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);

    complete(task, List.of(message("m-accept", "u1", acceptance("u1", task.getStartedEventId() - 1)),
        message("m-done", "u1", response("u1", "10"))), protocolMessage("m-accept"), protocolMessage("m-done"));

    List<HistoryEvent> events = env.events(key);
    HistoryEvent accepted = events.get(events.size() - 2);
    HistoryEvent completed = events.get(events.size() - 1);
    assertThat(events.get(events.size() - 3).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    assertThat(accepted.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    assertThat(accepted.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest())
        .isEqualTo(request("u1"));
    assertThat(accepted.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequestSequencingEventId())
        .isEqualTo(task.getStartedEventId() - 1);
    assertThat(completed.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    assertThat(completed.getWorkflowExecutionUpdateCompletedEventAttributes().getAcceptedEventId())
        .isEqualTo(accepted.getEventId());
    assertThat(env.state(key).getUpdatesMap().get("u1").getCompletedEventId()).isEqualTo(completed.getEventId());
    assertThat(env.shard(key).updates().runs()).as("accepted updates leave the registry").isZero();
    assertThat(env.replayDifferences(key)).isEmpty();

    UpdateWorkflowExecutionResponse again = update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    assertThat(again.getStage()).isEqualTo(UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThat(again.getOutcome().getSuccess()).isEqualTo(payload("10"));
    assertThat(env.state(key).hasWorkflowTask()).as("a known update schedules nothing").isFalse();
    var polled = env.update.poll(HistoryTestEnv.NAMESPACE_ID, PollWorkflowExecutionUpdateRequest.newBuilder()
        .setUpdateRef(again.getUpdateRef()).build(), NO_WAIT);
    assertThat(polled.getOutcome().getSuccess()).isEqualTo(payload("10"));
  }

  @Test
  void aRejectionWritesNoUpdateEventAndItsWaitersSeeTheFailure() {
    WorkflowKey key = idleWorkflow("u-reject");
    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    UpdateRegistry.Admitted admitted = env.shard(key).updates().find(key, "u1");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    Failure failure = Failure.newBuilder().setMessage("amount must not be negative").build();

    complete(task, List.of(message("m-reject", "u1", Rejection.newBuilder().setFailure(failure).build())));

    assertThat(env.eventTypes(key)).doesNotContain(EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    assertThat(env.state(key).getUpdatesMap()).isEmpty();
    assertThat(admitted.rejection()).isEqualTo(failure);
    assertThat(env.shard(key).updates().find(key, "u1")).isNull();
    assertThatThrownBy(() -> env.update.poll(HistoryTestEnv.NAMESPACE_ID, PollWorkflowExecutionUpdateRequest.newBuilder()
        .setUpdateRef(io.temporal.api.update.v1.UpdateRef.newBuilder()
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
            .setUpdateId("u1")).build(), NO_WAIT))
        .isInstanceOf(EntityNotFoundException.class).hasMessage("update u1 not found");
  }

  @Test
  void anUpdateTheWorkerLeftUnansweredIsRejectedAsUnprocessed() {
    WorkflowKey key = idleWorkflow("u-unprocessed");
    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    UpdateRegistry.Admitted admitted = env.shard(key).updates().find(key, "u1");

    complete(env.pollWorkflowTask(key), List.of());

    assertThat(admitted.rejection()).isEqualTo(UpdateProtocol.UNPROCESSED);
    assertThat(env.shard(key).updates().runs()).isZero();
  }

  @Test
  void anUpdateThatArrivesWhileATaskRunsGetsANewTaskAndTheRunCannotCloseOverIt() {
    WorkflowKey key = idleWorkflow("u-arrives");
    env.signal(key.workflowId(), "", "go", "now");
    env.processTransfers();
    PollWorkflowTaskQueueResponse running = env.pollWorkflowTask(key);
    assertThat(running.getMessagesList()).isEmpty();

    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThatThrownBy(() -> complete(running, List.of(), completeWorkflow("done")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("UnhandledCommand");
    assertThat(env.eventTypes(key)).contains(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(env.state(key).hasWorkflowTask()).as("the failed task is retried at once").isTrue();

    env.processTransfers();
    PollWorkflowTaskQueueResponse next = env.pollWorkflowTask(key);
    assertThat(next.getMessagesList()).extracting(Message::getProtocolInstanceId).containsExactly("u1");
    assertThat(env.shard(key).updates().find(key, "u1").rejection()).as("not rejected by the failed task").isNull();
  }

  @Test
  void anUpdateThatArrivesWhileATaskRunsIsNotUnprocessedThereAndTheNextTaskCarriesIt() {
    WorkflowKey key = idleWorkflow("u-next");
    env.signal(key.workflowId(), "", "go", "now");
    env.processTransfers();
    PollWorkflowTaskQueueResponse running = env.pollWorkflowTask(key);

    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    complete(running, List.of());

    assertThat(env.shard(key).updates().find(key, "u1").rejection()).isNull();
    PollWorkflowTaskQueueResponse next = env.pollWorkflowTask(key);
    assertThat(next.getMessagesList()).extracting(Message::getProtocolInstanceId).containsExactly("u1");
  }

  @Test
  void badMessagesFailTheTaskAndTheUpdateStaysAdmitted() {
    WorkflowKey key = idleWorkflow("u-bad");
    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);

    assertThatThrownBy(() -> complete(task, List.of(), protocolMessage("missing")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("missing");
    HistoryEvent failed = env.events(key).get(env.events(key).size() - 1);
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE);
    assertThat(env.shard(key).updates().find(key, "u1")).isNotNull();

    env.processTransfers();
    PollWorkflowTaskQueueResponse retry = env.pollWorkflowTask(key);
    assertThatThrownBy(() -> complete(retry, List.of(message("m-done", "u1", response("u1", "1"))),
        protocolMessage("m-done")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("never accepted");
  }

  @Test
  void aTerminatedRunLeavesNothingAdmittedBehind() {
    WorkflowKey key = idleWorkflow("u-terminate");
    update(key, "u1", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThat(env.shard(key).updates().runs()).isOne();

    env.terminate.invoke(HistoryTestEnv.NAMESPACE_ID, TerminateWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
        .setReason("enough")
        .build());

    assertThat(env.shard(key).updates().runs()).isZero();
  }

  @Test
  void aCallerWaitingWhenTheRunIsTerminatedGetsNotFound() throws Exception {
    WorkflowKey key = idleWorkflow("u-waiting");
    ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      UpdateWorkflow waiting = new UpdateWorkflow(env.shards, pool);
      // the caller on a thread of its own; the waiter's checks run on the pool, as in the server
      Future<Throwable> call = caller.submit(() -> catchThrowable(() ->
          waiting.update(HistoryTestEnv.NAMESPACE_ID, UpdateWorkflowExecutionRequest.newBuilder()
              .setNamespace(HistoryTestEnv.NAMESPACE)
              .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
              .setRequest(request("u1"))
              .build(), Duration.ofSeconds(30))));
      await().until(() -> env.shard(key).updates().find(key, "u1") != null);

      env.terminate.invoke(HistoryTestEnv.NAMESPACE_ID, TerminateWorkflowExecutionRequest.newBuilder()
          .setNamespace(HistoryTestEnv.NAMESPACE)
          .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
          .build());

      // the very exception, not wrapped by the wait: the frontend maps it to NOT_FOUND
      assertThat(call.get(30, TimeUnit.SECONDS)).isInstanceOf(EntityNotFoundException.class)
          .hasMessage("workflow update was aborted by closing workflow");
    } finally {
      caller.shutdownNow();
      pool.shutdownNow();
    }
  }

  @Test
  void aRunThatClosesAbortsWhatItHadNotAcceptedAndFailsWhatItHadAccepted() {
    WorkflowKey key = idleWorkflow("u-close");
    update(key, "accepted", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    complete(task, List.of(message("m-accept", "accepted", acceptance("accepted", task.getStartedEventId() - 1))),
        protocolMessage("m-accept"));
    env.signal(key.workflowId(), "", "finish", "");
    env.processTransfers();

    complete(env.pollWorkflowTask(key), List.of(), completeWorkflow("done"));

    UpdateWorkflowExecutionResponse orphan = update(key, "accepted", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThat(orphan.getStage()).isEqualTo(UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThat(orphan.getOutcome().getFailure()).isEqualTo(UpdateProtocol.RUN_CLOSED_BEFORE_COMPLETION);
    assertThatThrownBy(() -> update(key, "late", UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
        .isInstanceOf(dev.conduit.history.errors.WorkflowCompletedException.class);
  }
}
