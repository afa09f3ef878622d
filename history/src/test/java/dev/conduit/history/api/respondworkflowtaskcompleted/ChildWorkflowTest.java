package dev.conduit.history.api.respondworkflowtaskcompleted;

import static dev.conduit.history.testing.Commands.child;
import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.failWorkflow;
import static dev.conduit.history.testing.Commands.payload;
import static dev.conduit.history.testing.Commands.startChild;
import static dev.conduit.history.testing.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.WorkflowLimits;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Child workflows: started on their shard, their start and close recorded in the parent, close policies. */
class ChildWorkflowTest {
  private HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  private HistoryEvent last(WorkflowKey key, EventType type) {
    List<HistoryEvent> events = env.events(key);
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).getEventType() == type) {
        return events.get(i);
      }
    }
    throw new AssertionError("no " + type + " in " + events.stream().map(HistoryEvent::getEventType).toList());
  }

  @Test
  void childIsStartedRecordedAndItsResultReachesTheParent() {
    WorkflowKey parent = env.startWorkflow("parent-1");
    env.completeWorkflowTask(env.pollWorkflowTask(parent), startChild("child-1"));
    env.settle();

    WorkflowKey child = env.current("child-1");
    WorkflowExecutionStartedEventAttributes childStarted = env.events(child).get(0)
        .getWorkflowExecutionStartedEventAttributes();
    assertThat(childStarted.getParentWorkflowExecution().getWorkflowId()).isEqualTo("parent-1");
    assertThat(childStarted.getParentWorkflowExecution().getRunId()).isEqualTo(parent.runId());
    assertThat(childStarted.getParentInitiatedEventId()).isEqualTo(5);
    assertThat(childStarted.getParentWorkflowNamespace()).isEqualTo(HistoryTestEnv.NAMESPACE);
    assertThat(childStarted.getTaskQueue().getName()).as("defaults to the parent's").isEqualTo(HistoryTestEnv.TASK_QUEUE);
    HistoryEvent started = last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
    assertThat(started.getChildWorkflowExecutionStartedEventAttributes().getInitiatedEventId()).isEqualTo(5);
    assertThat(started.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getRunId())
        .isEqualTo(child.runId());

    env.completeWorkflowTask(env.pollWorkflowTask(parent));
    env.completeWorkflowTask(env.pollWorkflowTask(child), completeWorkflow("child-result"));
    env.settle();

    HistoryEvent completed = last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(completed.getChildWorkflowExecutionCompletedEventAttributes().getResult()).isEqualTo(payload("child-result"));
    assertThat(completed.getChildWorkflowExecutionCompletedEventAttributes().getStartedEventId())
        .isEqualTo(started.getEventId());
    assertThat(env.eventTypes(parent)).last().isEqualTo(EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    assertThat(env.state(parent).getChildExecutionsCount()).isZero();
  }

  @Test
  void childFailureReachesTheParentAndStartAndCloseDuringAParentTaskAreBufferedInOrder() {
    WorkflowKey parent = env.startWorkflow("parent-2");
    env.completeWorkflowTask(env.pollWorkflowTask(parent), startChild("child-2"));
    env.settle();
    WorkflowKey child = env.current("child-2");
    PollWorkflowTaskQueueResponse parentTask = env.pollWorkflowTask(parent);
    env.completeWorkflowTask(env.pollWorkflowTask(child), failWorkflow("child broke"));
    env.settle();
    assertThat(env.state(parent).getBufferedEventsCount()).isEqualTo(1);

    env.completeWorkflowTask(parentTask);

    HistoryEvent failed = last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED);
    assertThat(failed.getChildWorkflowExecutionFailedEventAttributes().getFailure().getMessage()).isEqualTo("child broke");
    assertThat(failed.getChildWorkflowExecutionFailedEventAttributes().getStartedEventId())
        .isEqualTo(last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED).getEventId());
    assertThat(env.events(parent).get((int) failed.getEventId() - 2).getEventType())
        .isEqualTo(EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  }

  @Test
  void aChildWhoseStartAndCloseAreBothBufferedPointsAtTheFlushedStartedEvent() {
    WorkflowKey parent = env.startWorkflow("parent-3");
    // The start-child task waits until the parent runs its next workflow task (started by hand here).
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(parent), startChild("child-3")).build());
    env.signal("parent-3", "", "poke", "x");
    long scheduled = env.state(parent).getWorkflowTask().getScheduledEventId();
    PollWorkflowTaskQueueResponse parentTask = env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(parent,
        scheduled, "by-hand", TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE).build()));
    env.settle();
    WorkflowKey child = env.current("child-3");
    env.completeWorkflowTask(env.pollWorkflowTask(child), completeWorkflow("quick"));
    env.settle();
    assertThat(env.state(parent).getBufferedEventsCount()).isEqualTo(2);

    env.completeWorkflowTask(parentTask);

    HistoryEvent started = last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
    HistoryEvent completed = last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(completed.getChildWorkflowExecutionCompletedEventAttributes().getStartedEventId())
        .isEqualTo(started.getEventId());
    assertThat(completed.getEventId()).isEqualTo(started.getEventId() + 1);
  }

  @Test
  void aTakenWorkflowIdFailsTheStartInTheParent() {
    env.startWorkflow("busy-child");
    WorkflowKey parent = env.startWorkflow("parent-4");
    env.completeWorkflowTask(env.pollWorkflowTask(parent), startChild("busy-child"));
    env.settle();

    HistoryEvent failed = last(parent, EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);
    assertThat(failed.getStartChildWorkflowExecutionFailedEventAttributes().getCause())
        .isEqualTo(StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS);
    assertThat(failed.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId()).isEqualTo(5);
    assertThat(env.state(parent).getChildExecutionsCount()).isZero();
  }

  @Test
  void aRedeliveredStartFindsTheChildItStartedBefore() {
    WorkflowKey parent = env.startWorkflow("parent-5");
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(parent), startChild("child-5")).build());
    var shard = env.shard(parent);
    // The peer call succeeds but the parent's write of the outcome is lost once.
    env.store.beforeWrite(write -> {
      if (write.snapshot().key().equals(parent) && write.snapshot().nextEventId() > 6) {
        env.store.beforeWrite(w -> { });
        throw new IllegalStateException("lost write (test)");
      }
    });
    env.settle();
    env.advance(Duration.ofSeconds(1));
    env.settle();

    assertThat(env.eventTypes(parent).stream().filter(t -> t == EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)).hasSize(1);
    WorkflowKey child = env.current("child-5");
    assertThat(last(parent, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED).getChildWorkflowExecutionStartedEventAttributes()
        .getWorkflowExecution().getRunId()).isEqualTo(child.runId());
    assertThat(env.peers.calls().stream().filter(c -> c instanceof StartChildWorkflowRequest)).hasSize(2);
    assertThat(shard.isOwned()).isTrue();
  }

  @Test
  void parentClosePoliciesTerminateCancelOrAbandonTheOpenChildren() {
    WorkflowKey parent = env.startWorkflow("parent-6");
    env.completeWorkflowTask(env.pollWorkflowTask(parent),
        startChild(child("kid-terminate")),
        startChild(child("kid-cancel").setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)),
        startChild(child("kid-abandon").setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)));
    env.settle();
    var described = env.describe.invoke(HistoryTestEnv.NAMESPACE_ID, DescribeWorkflowExecutionRequest.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("parent-6")).build());
    assertThat(described.getPendingChildrenList()).extracting(c -> c.getWorkflowId())
        .containsExactly("kid-terminate", "kid-cancel", "kid-abandon");
    assertThat(env.describe.invoke(HistoryTestEnv.NAMESPACE_ID, DescribeWorkflowExecutionRequest.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("kid-cancel")).build())
        .getWorkflowExecutionInfo().getParentExecution().getWorkflowId()).isEqualTo("parent-6");
    env.completeWorkflowTask(env.pollWorkflowTask(parent), completeWorkflow("parent done"));
    env.settle();

    assertThat(env.state(env.current("kid-terminate")).getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
    assertThat(env.eventTypes(env.current("kid-cancel"))).contains(EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    assertThat(env.state(env.current("kid-cancel")).getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
    assertThat(env.state(env.current("kid-abandon")).getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE);
  }

  @Test
  void childrenPastThePendingLimitFailTheTask() {
    env.close();
    env = new HistoryTestEnv(HistoryConfig.defaults().withWorkflowLimits(WorkflowLimits.defaults().withPending(1, 2000,
        2000, 10_000)), 2);
    WorkflowKey parent = env.startWorkflow("parent-7");
    PollWorkflowTaskQueueResponse task = env.pollWorkflowTask(parent);

    Assertions.assertThatThrownBy(() -> env.completeWorkflowTask(task, startChild("a"), startChild("b")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pending child workflows");
    assertThat(env.events(parent).get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED);
    assertThat(env.eventTypes(parent)).doesNotContain(EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
  }
}
