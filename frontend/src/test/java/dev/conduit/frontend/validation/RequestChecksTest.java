package dev.conduit.frontend.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import dev.conduit.frontend.errors.InvalidArgumentException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import org.junit.jupiter.api.Test;

class RequestChecksTest {

  @Test
  void idsAreRequiredAndAtMostAThousandCharacters() {
    assertThat(RequestChecks.requireId("workflow_id", "x".repeat(1000))).hasSize(1000);
    assertThatThrownBy(() -> RequestChecks.requireId("workflow_id", "")).hasMessage("workflow_id: is required");
    assertThatThrownBy(() -> RequestChecks.requireId("workflow_id", "x".repeat(1001)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("workflow_id: is 1001 characters long, the limit is 1000");
  }

  @Test
  void aMissingRequestIdIsGeneratedAndAGivenOneKept() {
    assertThat(RequestChecks.requestIdOrNew("request_id", "")).hasSize(36);
    assertThat(RequestChecks.requestIdOrNew("request_id", "mine")).isEqualTo("mine");
  }

  @Test
  void timeoutsMustBeWellFormedAndNotNegative() {
    RequestChecks.checkTimeout("t", Duration.newBuilder().setSeconds(10).setNanos(5).build());
    RequestChecks.checkTimeout("t", Duration.getDefaultInstance());
    assertThatThrownBy(() -> RequestChecks.checkTimeout("t", Duration.newBuilder().setSeconds(-1).build()))
        .hasMessageStartingWith("t: must not be negative");
    assertThatThrownBy(() -> RequestChecks.checkTimeout("t", Duration.newBuilder().setSeconds(1).setNanos(-1).build()))
        .hasMessageStartingWith("t: not a valid duration");
  }

  @Test
  void aStickyQueuesNormalNameIsCheckedToo() {
    TaskQueue sticky = TaskQueue.newBuilder().setName("s").setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
        .setNormalName("n".repeat(1001)).build();
    assertThatThrownBy(() -> RequestChecks.requireTaskQueue("task_queue", true, sticky))
        .hasMessageStartingWith("task_queue.normal_name: ");
    assertThatThrownBy(() -> RequestChecks.requireTaskQueue("task_queue", false, TaskQueue.getDefaultInstance()))
        .hasMessage("task_queue: a task queue is required");
  }

  @Test
  void aRunIdIsEmptyOrAUuid() {
    RequestChecks.requireExecution("execution", WorkflowExecution.newBuilder().setWorkflowId("w").build());
    RequestChecks.requireExecution("execution", WorkflowExecution.newBuilder().setWorkflowId("w")
        .setRunId("0b5e1f9e-9f1c-4c55-a0d6-3c1b7e7f2a10").build());
    assertThatThrownBy(() -> RequestChecks.requireExecution("execution", WorkflowExecution.newBuilder()
        .setWorkflowId("w").setRunId("r").build())).hasMessageStartingWith("execution.run_id: ");
  }
}
