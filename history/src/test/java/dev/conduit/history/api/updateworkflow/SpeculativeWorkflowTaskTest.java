package dev.conduit.history.api.updateworkflow;

import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
import static io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The speculative workflow task that carries Workflow Updates to an idle run (Temporal's design): it writes no
 * event until its completion changes the run, a completion with only rejections is discarded (the worker is told
 * where to roll back to), and anything else that happens to the run meanwhile turns it into a normal task.
 */
class SpeculativeWorkflowTaskTest {
  private static final Duration NO_WAIT = Duration.ofMillis(500);
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  /** A started workflow whose first task completed with {@code commands}: idle, no task scheduled. */
  private WorkflowKey idleWorkflow(String workflowId, Command... commands) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), commands);
    assertThat(env.state(key).hasWorkflowTask()).isFalse();
    return key;
  }

  private void update(WorkflowKey key, String updateId) {
    env.update.update(HistoryTestEnv.NAMESPACE_ID, UpdateWorkflowExecutionRequest.newBuilder()
        .setNamespace(HistoryTestEnv.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
        .setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStage(UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
        .setRequest(Request.newBuilder()
            .setMeta(Meta.newBuilder().setUpdateId(updateId).setIdentity("client"))
            .setInput(Input.newBuilder().setName("add").setArgs(payload("5"))))
        .build(), NO_WAIT);
    env.processTransfers();
  }

  private static Message rejection(String updateId) {
    return Message.newBuilder().setId(updateId + "/reject").setProtocolInstanceId(updateId)
        .setBody(Any.pack(Rejection.newBuilder().setFailure(Failure.newBuilder().setMessage("no")).build())).build();
  }

  private RespondWorkflowTaskCompletedResponse respond(PollWorkflowTaskQueueResponse task, boolean takesEventsTwice,
      List<Message> messages, Command... commands) {
    RespondWorkflowTaskCompletedRequest.Builder request = env.completion(task, commands).addAllMessages(messages);
    request.getCapabilitiesBuilder().setDiscardSpeculativeWorkflowTaskWithEvents(takesEventsTwice);
    RespondWorkflowTaskCompletedResponse response =
        env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID, request.build());
    env.processTransfers();
    return response;
  }

  private List<EventType> newEventTypes(WorkflowKey key, int before) {
    List<HistoryEvent> events = env.events(key);
    return events.subList(before, events.size()).stream().map(HistoryEvent::getEventType).toList();
  }

  @Test
  void aCompletionThatOnlyRejectsIsDiscardedAndTheWorkerToldWhereToRollBackTo() {
    WorkflowKey key = idleWorkflow("s-reject");
    List<HistoryEvent> before = env.events(key);
    long lastCompletedStarted = env.state(key).getLastCompletedWorkflowTaskStartedEventId();

    update(key, "u1");
    UpdateRegistry.Admitted admitted = env.shard(key).updates().find(key, "u1");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    assertThat(task.getStartedEventId()).isEqualTo(before.size() + 2);
    RespondWorkflowTaskCompletedResponse response = respond(task, false, List.of(rejection("u1")));

    assertThat(env.events(key)).as("a rejected update leaves no trace").isEqualTo(before);
    assertThat(response.getResetHistoryEventId()).isEqualTo(lastCompletedStarted);
    assertThat(admitted.rejection().getMessage()).isEqualTo("no");
    assertThat(env.state(key).hasWorkflowTask()).isFalse();
    assertThat(env.state(key).getNextEventId()).isEqualTo(before.size() + 1);
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void aCompletionThatAcceptsWritesTheTasksEventsBeforeTheUpdates() {
    WorkflowKey key = idleWorkflow("s-accept");
    int before = env.events(key).size();

    update(key, "u1");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    RespondWorkflowTaskCompletedResponse response = respond(task, true, List.of(
            Message.newBuilder().setId("u1/accept").setProtocolInstanceId("u1").setBody(Any.pack(Acceptance.newBuilder()
                .setAcceptedRequestMessageId(UpdateProtocol.requestMessageId("u1"))
                .setAcceptedRequestSequencingEventId(task.getStartedEventId() - 1).build())).build(),
            Message.newBuilder().setId("u1/complete").setProtocolInstanceId("u1").setBody(Any.pack(Response.newBuilder()
                .setMeta(Meta.newBuilder().setUpdateId("u1"))
                .setOutcome(Outcome.newBuilder().setSuccess(payload("10"))).build())).build()),
        protocolMessage("u1/accept"), protocolMessage("u1/complete"));

    assertThat(response.getResetHistoryEventId()).isZero();
    assertThat(newEventTypes(key, before)).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    assertThat(env.events(key).get(before + 1).getEventId()).isEqualTo(task.getStartedEventId());
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void aSignalBeforeTheTaskStartsMakesItANormalTaskThatStillCarriesTheUpdate() {
    WorkflowKey key = idleWorkflow("s-signal-first");
    int before = env.events(key).size();

    update(key, "u1");
    env.signal(key.workflowId(), "", "go", "now");
    env.processTransfers();
    assertThat(newEventTypes(key, before)).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    RespondWorkflowTaskCompletedResponse response = respond(task, true, List.of(rejection("u1")));

    assertThat(response.getResetHistoryEventId()).as("a normal task is never discarded").isZero();
    assertThat(newEventTypes(key, before)).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    assertThat(task.getMessagesList()).extracting(Message::getProtocolInstanceId).containsExactly("u1");
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void aSignalWhileTheTaskRunsKeepsItFromBeingDiscarded() {
    WorkflowKey key = idleWorkflow("s-signal-during");
    int before = env.events(key).size();

    update(key, "u1");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    env.signal(key.workflowId(), "", "go", "now");
    assertThat(env.events(key)).hasSize(before);
    RespondWorkflowTaskCompletedResponse response = respond(task, true, List.of(rejection("u1")));

    assertThat(response.getResetHistoryEventId()).isZero();
    assertThat(newEventTypes(key, before)).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void eventsShippedAgainAreDiscardedOnlyForAWorkerThatTakesThemTwice() {
    // the first task's command leaves an event after its WorkflowTaskCompleted, which every task ships again
    WorkflowKey key = idleWorkflow("s-shipped", startTimer("t1", Duration.ofHours(1)));
    List<HistoryEvent> before = env.events(key);

    update(key, "u1");
    RespondWorkflowTaskCompletedResponse discarded = respond(env.pollWorkflowTask(key), true, List.of(rejection("u1")));
    assertThat(discarded.getResetHistoryEventId()).isPositive();
    assertThat(env.events(key)).isEqualTo(before);

    update(key, "u2");
    RespondWorkflowTaskCompletedResponse kept = respond(env.pollWorkflowTask(key), false, List.of(rejection("u2")));
    assertThat(kept.getResetHistoryEventId()).isZero();
    assertThat(newEventTypes(key, before.size())).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void aMalformedRejectionFailsTheTaskInHistoryInsteadOfDiscardingIt() {
    WorkflowKey key = idleWorkflow("s-malformed");
    int before = env.events(key).size();

    update(key, "u1");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(key);
    Message garbled = Message.newBuilder().setId("u1/reject").setProtocolInstanceId("u1")
        .setBody(Any.newBuilder().setTypeUrl(Any.pack(Rejection.getDefaultInstance()).getTypeUrl())
            .setValue(com.google.protobuf.ByteString.copyFromUtf8("\u00ff\u00ff not a rejection")))
        .build();

    assertThatThrownBy(() -> respond(task, true, List.of(garbled))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("malformed");
    assertThat(newEventTypes(key, before)).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  @Test
  void aTaskWhoseUpdatesAreGoneIsDroppedWhenAWorkerTakesIt() {
    WorkflowKey key = idleWorkflow("s-lost");
    List<HistoryEvent> before = env.events(key);

    update(key, "u1");
    // the shard lost what it admitted (a move or a restart): the caller's retry admits it again
    env.shard(key).updates().remove(key, "u1");

    assertThatThrownBy(() -> env.pollWorkflowTask(key)).isInstanceOf(EntityNotFoundException.class);
    assertThat(env.state(key).hasWorkflowTask()).isFalse();
    assertThat(env.events(key)).isEqualTo(before);
  }

  @Test
  void aTimerOrTokenOfADiscardedTaskDoesNotActOnTheNextOneWithTheSameIds() {
    WorkflowKey key = idleWorkflow("s-stale");
    Duration taskTimeout = Duration.ofSeconds(10);

    update(key, "u1");
    PollWorkflowTaskQueueResponse first = env.pollWorkflowTask(key);
    respond(first, true, List.of(rejection("u1")));
    env.advance(taskTimeout.dividedBy(2));
    update(key, "u2");
    PollWorkflowTaskQueueResponse second = env.pollWorkflowTask(key);
    assertThat(second.getStartedEventId()).isEqualTo(first.getStartedEventId());
    assertThat(second.getAttempt()).isEqualTo(first.getAttempt());

    env.advance(taskTimeout.dividedBy(2).plusSeconds(1));
    assertThat(env.state(key).getWorkflowTask().getStartedEventId())
        .as("the first task's timeout is not the second's").isEqualTo(second.getStartedEventId());
    assertThat(env.eventTypes(key)).doesNotContain(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assertThatThrownBy(() -> respond(first, true, List.of(rejection("u2"))))
        .as("the first task's token").isInstanceOf(EntityNotFoundException.class);

    env.advance(taskTimeout.dividedBy(2));
    assertThat(env.eventTypes(key)).as("the second task's own timeout").contains(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  }

  @Test
  void aTaskThatTimesOutGoesToHistoryAndItsRetryCarriesTheUpdateAgain() {
    WorkflowKey key = idleWorkflow("s-timeout");
    int before = env.events(key).size();

    update(key, "u1");
    env.pollWorkflowTask(key);
    env.advance(Duration.ofSeconds(11));

    assertThat(newEventTypes(key, before)).containsExactly(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    PollWorkflowTaskQueueResponse retry = env.pollWorkflowTask(key);
    assertThat(retry.getAttempt()).isEqualTo(2);
    assertThat(retry.getMessagesList()).extracting(Message::getProtocolInstanceId).containsExactly("u1");
    assertThat(env.replayDifferences(key)).isEmpty();
  }

  private static Command protocolMessage(String messageId) {
    return Command.newBuilder().setCommandType(CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE)
        .setProtocolMessageCommandAttributes(ProtocolMessageCommandAttributes.newBuilder().setMessageId(messageId))
        .build();
  }
}
