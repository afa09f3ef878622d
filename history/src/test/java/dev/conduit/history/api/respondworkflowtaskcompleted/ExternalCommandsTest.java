package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.requestCancelExternal;
import static dev.conduit.history.testing.Commands.signalExternal;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution between two workflows. */
class ExternalCommandsTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowKey idle(String workflowId) {
    WorkflowKey key = env.startWorkflow(workflowId);
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t", Duration.ofHours(1)));
    return key;
  }

  private HistoryEvent only(WorkflowKey key, EventType type) {
    List<HistoryEvent> matching = env.events(key).stream().filter(e -> e.getEventType() == type).toList();
    assertThat(matching).as(type.name()).hasSize(1);
    return matching.get(0);
  }

  @Test
  void aSignalReachesTheTargetNamingTheSenderAndTheSenderLearnsItWasDelivered() {
    WorkflowKey target = idle("ext-target");
    WorkflowKey source = env.startWorkflow("ext-source");
    env.completeWorkflowTask(env.pollWorkflowTask(source), signalExternal("ext-target", "hello", false));
    env.settle();
    env.settle();

    HistoryEvent signaled = only(target, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(signaled.getWorkflowExecutionSignaledEventAttributes().getSignalName()).isEqualTo("hello");
    assertThat(signaled.getWorkflowExecutionSignaledEventAttributes().getExternalWorkflowExecution().getRunId())
        .isEqualTo(source.runId());
    HistoryEvent initiated = only(source, EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    HistoryEvent delivered = only(source, EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(delivered.getExternalWorkflowExecutionSignaledEventAttributes().getInitiatedEventId())
        .isEqualTo(initiated.getEventId());
    assertThat(env.state(source).getExternalSignalsCount()).isZero();
  }

  @Test
  void aRedeliveredSignalIsAppliedOnce() {
    WorkflowKey target = idle("ext-target-2");
    WorkflowKey source = env.startWorkflow("ext-source-2");
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(source), signalExternal("ext-target-2", "once", false)).build());
    // the sender's record of the delivery (its first write past the initiated event) is lost
    env.store.dropNextWrite(write -> write.snapshot().key().equals(source) && write.snapshot().nextEventId() > 6);
    env.settle();

    assertThat(env.store.droppedWrites()).as("the sender's write was lost").isEqualTo(1);
    only(target, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(env.eventTypes(source)).as("so the sender does not know yet, and its task runs again")
        .doesNotContain(EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);

    env.advance(Duration.ofSeconds(1));
    env.settle();

    assertThat(env.store.droppedWrites()).isEqualTo(1);
    only(target, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    only(source, EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
  }

  @Test
  void aSignalToAnUnknownWorkflowOrToANonChildFails() {
    idle("not-my-child");
    WorkflowKey source = env.startWorkflow("ext-source-3");
    env.completeWorkflowTask(env.pollWorkflowTask(source), signalExternal("nobody", "x", false));
    env.settle();
    HistoryEvent failed = only(source, EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
    assertThat(failed.getSignalExternalWorkflowExecutionFailedEventAttributes().getCause()).isEqualTo(
        SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND);

    env.completeWorkflowTask(env.pollWorkflowTask(source), signalExternal("not-my-child", "x", true));
    env.settle();
    assertThat(env.eventTypes(source).stream().filter(t -> t == EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED))
        .hasSize(2);
    assertThat(env.eventTypes(env.current("not-my-child"))).doesNotContain(EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  }

  @Test
  void aCancelRequestReachesTheTargetAndTheSenderLearnsOfIt() {
    WorkflowKey target = idle("ext-cancel-target");
    WorkflowKey source = env.startWorkflow("ext-cancel-source");
    env.completeWorkflowTask(env.pollWorkflowTask(source), requestCancelExternal("ext-cancel-target", false),
        requestCancelExternal("nobody", false));
    env.settle();

    HistoryEvent requested = only(target, EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    assertThat(requested.getWorkflowExecutionCancelRequestedEventAttributes().getExternalWorkflowExecution()
        .getWorkflowId()).isEqualTo("ext-cancel-source");
    assertThat(requested.getWorkflowExecutionCancelRequestedEventAttributes().getExternalInitiatedEventId())
        .isEqualTo(5);
    assertThat(only(source, EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
        .getExternalWorkflowExecutionCancelRequestedEventAttributes().getInitiatedEventId()).isEqualTo(5);
    assertThat(only(source, EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
        .getRequestCancelExternalWorkflowExecutionFailedEventAttributes().getCause()).isEqualTo(
        CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND);
  }
}
