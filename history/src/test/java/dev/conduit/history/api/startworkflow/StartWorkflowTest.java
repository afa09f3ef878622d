package dev.conduit.history.api.startworkflow;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.failWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("deprecation") // TERMINATE_IF_RUNNING is deprecated, still supported
class StartWorkflowTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private StartWorkflowExecutionResponse start(StartWorkflowExecutionRequest.Builder request) {
    return env.start.invoke(HistoryTestEnv.NAMESPACE_ID, request.build());
  }

  private void closeRun(WorkflowKey key, boolean failed) {
    env.processTransfers();
    var task = env.pollWorkflowTask(key);
    env.completeWorkflowTask(task, failed ? failWorkflow("boom") : completeWorkflow("ok"));
  }

  @Test
  void startWritesStartedAndFirstWorkflowTaskAndDispatchesIt() {
    StartWorkflowExecutionResponse response = start(env.startRequest("wf-1"));
    assertThat(response.getStarted()).isTrue();
    assertThat(response.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    WorkflowKey key = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-1", response.getRunId());
    List<HistoryEvent> events = env.events(key);
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    WorkflowExecutionStartedEventAttributes started = events.get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getOriginalExecutionRunId()).isEqualTo(response.getRunId());
    assertThat(started.getFirstExecutionRunId()).isEqualTo(response.getRunId());
    assertThat(started.getAttempt()).isEqualTo(1);
    assertThat(env.matching.workflowTasks()).isEmpty();
    env.processTransfers();
    assertThat(env.matching.workflowTasks()).hasSize(1);
  }

  @Test
  void sameRequestIdReturnsTheSameRunAndCreatesNothing() {
    StartWorkflowExecutionRequest.Builder request = env.startRequest("wf-dedupe");
    String first = start(request).getRunId();
    int writes = env.store.writeCount();
    StartWorkflowExecutionResponse again = start(request);
    assertThat(again.getRunId()).isEqualTo(first);
    assertThat(env.store.writeCount()).isEqualTo(writes);
  }

  @Test
  void runningWorkflowIdIsRejectedWithTheRunningRunAndItsRequestId() {
    StartWorkflowExecutionRequest.Builder first = env.startRequest("wf-dup");
    String runId = start(first).getRunId();
    assertThatThrownBy(() -> start(env.startRequest("wf-dup")))
        .isInstanceOfSatisfying(WorkflowAlreadyStartedException.class, e -> {
          assertThat(e.runId()).isEqualTo(runId);
          assertThat(e.startRequestId()).isEqualTo(first.getRequestId());
        });
  }

  @Test
  void useExistingConflictPolicyReturnsTheRunningRun() {
    String runId = start(env.startRequest("wf-use")).getRunId();
    StartWorkflowExecutionResponse response = start(env.startRequest("wf-use")
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING));
    assertThat(response.getRunId()).isEqualTo(runId);
    assertThat(response.getStarted()).isFalse();
  }

  @Test
  void terminateIfRunningTerminatesTheRunningRunAndStartsANewOne() {
    String oldRun = start(env.startRequest("wf-term")).getRunId();
    String newRun = start(env.startRequest("wf-term")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING)).getRunId();
    assertThat(newRun).isNotEqualTo(oldRun);
    WorkflowKey old = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-term", oldRun);
    assertThat(env.state(old).getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
    assertThat(env.eventTypes(old)).endsWith(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(env.store.getCurrentExecution(0, HistoryTestEnv.NAMESPACE_ID, "wf-term").orElseThrow().runId())
        .isEqualTo(newRun);
  }

  @Test
  void terminateIfRunningWithAConflictPolicyIsInvalid() {
    assertThatThrownBy(() -> start(env.startRequest("wf-x")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void allowDuplicateStartsANewRunAfterTheOldOneClosed() {
    String oldRun = start(env.startRequest("wf-again")).getRunId();
    closeRun(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-again", oldRun), false);
    StartWorkflowExecutionResponse second = start(env.startRequest("wf-again"));
    assertThat(second.getRunId()).isNotEqualTo(oldRun);
    assertThat(second.getStarted()).isTrue();
  }

  @Test
  void rejectDuplicateRefusesEvenAClosedRun() {
    String oldRun = start(env.startRequest("wf-reject")).getRunId();
    closeRun(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-reject", oldRun), false);
    assertThatThrownBy(() -> start(env.startRequest("wf-reject")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)))
        .isInstanceOf(WorkflowAlreadyStartedException.class);
  }

  @Test
  void allowDuplicateFailedOnlyRefusesAfterSuccessAndAllowsAfterFailure() {
    String ok = start(env.startRequest("wf-ok")).getRunId();
    closeRun(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-ok", ok), false);
    assertThatThrownBy(() -> start(env.startRequest("wf-ok")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)))
        .isInstanceOf(WorkflowAlreadyStartedException.class);

    String failed = start(env.startRequest("wf-failed")).getRunId();
    closeRun(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-failed", failed), true);
    StartWorkflowExecutionResponse again = start(env.startRequest("wf-failed")
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY));
    assertThat(again.getRunId()).isNotEqualTo(failed);
  }

  @Test
  void workflowTaskTimeoutDefaultsToTenSecondsAndIsCappedAtTwoMinutes() {
    String defaulted = start(env.startRequest("wf-t1")).getRunId();
    MutableStateRecord state = env.state(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-t1", defaulted));
    assertThat(state.getExecutionInfo().getDefaultWorkflowTaskTimeout().getSeconds()).isEqualTo(10);

    String capped = start(env.startRequest("wf-t2")
        .setWorkflowTaskTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(600))).getRunId();
    state = env.state(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-t2", capped));
    assertThat(state.getExecutionInfo().getDefaultWorkflowTaskTimeout().getSeconds()).isEqualTo(120);
  }

  @Test
  void runTimeoutDefaultsToAndNeverExceedsTheExecutionTimeout() {
    String runId = start(env.startRequest("wf-t3")
        .setWorkflowExecutionTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(60))
        .setWorkflowRunTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(600))).getRunId();
    MutableStateRecord state = env.state(new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-t3", runId));
    assertThat(state.getExecutionInfo().getRunTimeout().getSeconds()).isEqualTo(60);
    assertThat(state.getExecutionInfo().getExecutionTimeout().getSeconds()).isEqualTo(60);
  }

  @Test
  void memoAndSearchAttributesAreStoredAndDescribed() {
    Payload value = Payload.newBuilder().setData(ByteString.copyFromUtf8("\"gold\"")).build();
    String runId = start(env.startRequest("wf-memo")
        .setMemo(Memo.newBuilder().putFields("tier", value))
        .setSearchAttributes(SearchAttributes.newBuilder().putIndexedFields("CustomKeywordField", value))).getRunId();
    DescribeWorkflowExecutionResponse described = env.describe.invoke(HistoryTestEnv.NAMESPACE_ID,
        DescribeWorkflowExecutionRequest.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("wf-memo").setRunId(runId)).build());
    assertThat(described.getWorkflowExecutionInfo().getMemo().getFieldsMap()).containsEntry("tier", value);
    assertThat(described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap())
        .containsEntry("CustomKeywordField", value);
  }

  @Test
  void badRequestsAreRefusedAndWriteNothing() {
    int writes = env.store.writeCount();
    assertThatThrownBy(() -> start(env.startRequest("")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("WorkflowId");
    assertThatThrownBy(() -> start(env.startRequest("x".repeat(1001))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("length");
    assertThatThrownBy(() -> start(env.startRequest("wf-neg")
        .setWorkflowRunTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(-1))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("WorkflowRunTimeout");
    assertThatThrownBy(() -> start(env.startRequest("wf-cron").setCronSchedule("* * * * *")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cron");
    assertThatThrownBy(() -> start(env.startRequest("wf-q").clearTaskQueue()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("TaskQueue");
    assertThat(env.store.writeCount()).isEqualTo(writes);
  }

  @Test
  void startDelayPostponesTheFirstWorkflowTask() {
    String runId = start(env.startRequest("wf-delay")
        .setWorkflowStartDelay(com.google.protobuf.Duration.newBuilder().setSeconds(30))).getRunId();
    WorkflowKey key = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-delay", runId);
    env.processTransfers();
    assertThat(env.eventTypes(key)).containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assertThat(env.matching.workflowTasks()).isEmpty();
    env.advance(java.time.Duration.ofSeconds(29));
    assertThat(env.matching.workflowTasks()).isEmpty();
    env.advance(java.time.Duration.ofSeconds(1));
    assertThat(env.eventTypes(key)).containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.matching.workflowTasks()).hasSize(1);
  }

  @Test
  void anEagerStartWritesTheFirstTaskStartedForTheCallerAndAnswersWithIt() {
    StartWorkflowExecutionRequest.Builder request = env.startRequest("wf-eager").setRequestEagerExecution(true)
        .setIdentity("worker-with-client");
    StartWorkflowExecutionResponse response = start(request);
    WorkflowKey key = new WorkflowKey(HistoryTestEnv.NAMESPACE_ID, "wf-eager", response.getRunId());

    assertThat(response.hasEagerWorkflowTask()).isTrue();
    var task = response.getEagerWorkflowTask();
    assertThat(task.getHistory().getEventsList()).extracting(HistoryEvent::getEventType).containsExactly(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(task.getHistory().getEvents(2).getWorkflowTaskStartedEventAttributes().getIdentity())
        .isEqualTo("worker-with-client");
    assertThat(task.getWorkflowExecution().getRunId()).isEqualTo(response.getRunId());
    env.processTransfers();
    assertThat(env.matching.workflowTasks()).as("nothing goes through matching").isEmpty();
    env.completeWorkflowTask(task, completeWorkflow("ok"));
    assertThat(env.eventTypes(key)).last().isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // a retry of the start answers the run without a task: it was handed out once
    assertThat(start(request).hasEagerWorkflowTask()).isFalse();
  }

  @Test
  void aDelayedStartIsNotEager() {
    StartWorkflowExecutionResponse response = start(env.startRequest("wf-eager-delayed").setRequestEagerExecution(true)
        .setWorkflowStartDelay(com.google.protobuf.Duration.newBuilder().setSeconds(30)));
    assertThat(response.hasEagerWorkflowTask()).isFalse();
  }
}
