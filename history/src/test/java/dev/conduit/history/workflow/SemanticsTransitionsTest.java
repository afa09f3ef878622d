package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.util.ProtoTime;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Children, closes and inbound requests refuse moves their tables do not list. */
class SemanticsTransitionsTest {
  private final Instant now = Instant.parse("2024-01-01T00:00:00Z");
  private final NamespaceEntry namespace = new NamespaceEntry("ns", "default", 3, Duration.ofDays(1));

  private WorkflowTransaction newRun() {
    ExecutionInfo info = ExecutionInfo.newBuilder().setNamespaceId("ns").setWorkflowId("wf").setRunId("run")
        .setTaskQueue("q").setWorkflowType("T")
        .setDefaultWorkflowTaskTimeout(ProtoTime.duration(Duration.ofSeconds(10))).build();
    WorkflowTransaction tx = WorkflowTransaction.create(MutableState.newRun(info), namespace, HistoryConfig.defaults(), now);
    tx.append(EventFactory.workflowExecutionStarted(io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes
        .getDefaultInstance()));
    return tx;
  }

  private static ChildExecutionInfo initiate(WorkflowTransaction tx) {
    return ChildWorkflowStateMachine.initiate(tx, StartChildWorkflowExecutionInitiatedEventAttributes.newBuilder()
        .setWorkflowId("child").setNamespace("default").setNamespaceId("ns").build(), "worker-1");
  }

  @Test
  void aChildIsStartedOnceAndItsRequestIdIsDerivedFromTheParentRun() {
    WorkflowTransaction tx = newRun();
    ChildExecutionInfo child = initiate(tx);
    assertThat(child.getCreateRequestId()).isEqualTo("run/child/2");
    assertThat(ChildWorkflowStateMachine.startRequest(child).getRequestId()).isEqualTo("run/child/2");
    assertThat(ChildWorkflowStateMachine.startRequest(child).getIdentity()).as("the worker that sent the command")
        .isEqualTo("worker-1");
    assertThat(ChildWorkflowStateMachine.startRequest(child).getWorkflowId()).isEqualTo("child");

    ChildExecutionInfo started = ChildWorkflowStateMachine.started(tx, child, "child-run");

    assertThat(started.getStartRequest().isEmpty()).as("the start request is dropped once started").isTrue();
    assertThatThrownBy(() -> ChildWorkflowStateMachine.started(tx, started, "again"))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> ChildWorkflowStateMachine.startFailed(tx, started,
        StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aChildNotYetStartedCannotClose() {
    WorkflowTransaction tx = newRun();
    ChildExecutionInfo child = initiate(tx);
    assertThatThrownBy(() -> ChildWorkflowStateMachine.closed(tx, child, "r",
        EventFactory.workflowExecutionTerminated(io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes
            .getDefaultInstance()).build())).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aClosedRunCannotCloseAgain() {
    WorkflowTransaction tx = newRun();
    WorkflowLifecycle.terminate(tx, "stop", null, "me");
    long next = tx.state().nextEventId();

    assertThatThrownBy(() -> WorkflowLifecycle.cancel(tx, 1, Payloads.getDefaultInstance()))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> WorkflowLifecycle.timeOut(tx)).isInstanceOf(IllegalTransitionException.class);
    assertThat(tx.state().nextEventId()).isEqualTo(next);
  }

  @Test
  void aSecondCancelRequestAndARepeatedSignalChangeNothing() {
    WorkflowTransaction tx = newRun();
    assertThat(InboundRequests.requestCancel(tx, WorkflowExecutionCancelRequestedEventAttributes.getDefaultInstance(),
        "a")).isTrue();
    assertThat(InboundRequests.requestCancel(tx, WorkflowExecutionCancelRequestedEventAttributes.getDefaultInstance(),
        "b")).isFalse();
    assertThat(InboundRequests.signal(tx, WorkflowExecutionSignaledEventAttributes.getDefaultInstance(), "s1", false))
        .isTrue();
    assertThat(InboundRequests.signal(tx, WorkflowExecutionSignaledEventAttributes.getDefaultInstance(), "s1", false))
        .isFalse();
    assertThat(tx.state().signalCount()).isEqualTo(1);
  }

  @Test
  void onlyTheMostRecentSignalRequestIdsAreRemembered() {
    WorkflowTransaction tx = newRun();
    for (int i = 0; i < InboundRequests.REMEMBERED_SIGNAL_REQUEST_IDS + 5; i++) {
      InboundRequests.signal(tx, WorkflowExecutionSignaledEventAttributes.getDefaultInstance(), "s" + i, false);
    }
    assertThat(tx.state().snapshot().getSignalRequestIdsCount()).isEqualTo(InboundRequests.REMEMBERED_SIGNAL_REQUEST_IDS);
    assertThat(tx.state().hasSignalRequestId("s0")).isFalse();
    assertThat(tx.state().hasSignalRequestId("s" + (InboundRequests.REMEMBERED_SIGNAL_REQUEST_IDS + 4))).isTrue();
  }
}
