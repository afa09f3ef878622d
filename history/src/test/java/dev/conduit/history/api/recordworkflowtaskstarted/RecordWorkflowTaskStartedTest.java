package dev.conduit.history.api.recordworkflowtaskstarted;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordWorkflowTaskStartedTest {
  private final HistoryTestEnv env = new HistoryTestEnv();
  private static final TaskQueue NORMAL = TaskQueue.newBuilder().setName(HistoryTestEnv.TASK_QUEUE)
      .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void retryWithTheSameRequestIdGetsTheSameTaskAndWritesNothing() {
    WorkflowKey key = env.startWorkflow("r-1");
    PollWorkflowTaskQueueResponse first = env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 2, "req-1", NORMAL));
    int writes = env.store.writeCount();
    PollWorkflowTaskQueueResponse again = env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 2, "req-1", NORMAL));
    assertThat(again.getTaskToken()).isEqualTo(first.getTaskToken());
    assertThat(again.getHistory()).isEqualTo(first.getHistory());
    assertThat(env.store.writeCount()).isEqualTo(writes);
  }

  @Test
  void taskStartedByAnotherRequestIsNotFound() {
    WorkflowKey key = env.startWorkflow("r-2");
    env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 2, "req-1", NORMAL));
    assertThatThrownBy(() -> env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 2, "req-2", NORMAL)))
        .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("already started");
  }

  @Test
  void unknownScheduledIdAndClosedRunAreNotFound() {
    WorkflowKey key = env.startWorkflow("r-3");
    assertThatThrownBy(() -> env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 7, "req-1", NORMAL)))
        .isInstanceOf(EntityNotFoundException.class);
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("x"));
    assertThatThrownBy(() -> env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key, 2, "req-9", NORMAL)))
        .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("completed");
  }

  @Test
  void longHistoryComesInPagesThatTheWorkerFetchesWithTheToken() {
    HistoryTestEnv small = new HistoryTestEnv(HistoryConfig.defaults().withHistoryPageSize(1)
        .withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO), 2);
    try {
      WorkflowKey key = small.startWorkflow("r-paged");
      for (int i = 0; i < 3; i++) {
        small.completeWorkflowTask(small.pollWorkflowTask(key), dev.conduit.history.testing.Commands.startTimer("t" + i,
            Duration.ofSeconds(1)));
        small.advance(Duration.ofSeconds(1));
      }
      PollWorkflowTaskQueueResponse task = small.pollWorkflowTask(key);
      assertThat(task.getNextPageToken().isEmpty()).isFalse();
      List<HistoryEvent> all = new ArrayList<>(task.getHistory().getEventsList());
      var token = task.getNextPageToken();
      while (!token.isEmpty()) {
        var page = small.history.invoke(HistoryTestEnv.NAMESPACE_ID, GetWorkflowExecutionHistoryRequest.newBuilder()
            .setExecution(task.getWorkflowExecution()).setNextPageToken(token).build(), null).join();
        all.addAll(page.getHistory().getEventsList());
        token = page.getNextPageToken();
      }
      assertThat(all).extracting(HistoryEvent::getEventId)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, task.getStartedEventId()).boxed().toList());
    } finally {
      small.close();
    }
  }
}
