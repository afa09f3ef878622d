package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.TestCluster;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 9 with real crashes: the history or matching process is killed with SIGKILL while workflows
 * have timers pending, activities running or tasks in the backlog; after a restart every workflow
 * completes, exactly once, with its right result.
 */
class CrashRecoveryIT {
  private static TestCluster cluster;
  private static SdkHarness sdk;

  @ActivityInterface
  public interface Work {
    String work(String input);
  }

  public static class WorkImpl implements Work {
    @Override
    public String work(String input) {
      try {
        Thread.sleep(1_500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return input + "+worked";
    }
  }

  @WorkflowInterface
  public interface TimerThenWork {
    @WorkflowMethod
    String run(String input);
  }

  /** Half of the runs sleep first (a pending timer at the crash), half work first (a running activity). */
  public static class TimerThenWorkImpl implements TimerThenWork {
    private final Work work =
        Workflow.newActivityStub(Work.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String run(String input) {
      if (input.hashCode() % 2 == 0) {
        Workflow.sleep(Duration.ofSeconds(3));
        return work.work(input);
      }
      String result = work.work(input);
      Workflow.sleep(Duration.ofSeconds(3));
      return result;
    }
  }

  @BeforeAll
  static void startCluster() {
    sdk = SdkHarness.onNewCluster();
    cluster = sdk.cluster();
  }

  @AfterAll
  static void stopCluster() {
    if (sdk != null) {
      sdk.close(); // and its cluster
    }
  }

  @Test
  void historyKilledWithTimersPendingAndActivitiesRunningLosesNothing() throws Exception {
    String taskQueue = SdkHarness.taskQueue("crash-history");
    sdk.startWorker(taskQueue, worker -> {
      worker.registerWorkflowImplementationTypes(TimerThenWorkImpl.class);
      worker.registerActivitiesImplementations(new WorkImpl());
    });
    List<String> ids = startWorkflows(taskQueue, 10);
    Thread.sleep(1_000);

    cluster.crashAndRestart("history");

    assertAllCompletedExactlyOnce(ids);
  }

  @Test
  void matchingKilledWithABacklogLosesNothing() throws Exception {
    String taskQueue = SdkHarness.taskQueue("crash-matching");
    // no worker yet: every first workflow task waits in matching's durable backlog
    List<String> ids = startWorkflows(taskQueue, 10);
    Thread.sleep(2_000);

    cluster.crashAndRestart("matching");
    sdk.startWorker(taskQueue, worker -> {
      worker.registerWorkflowImplementationTypes(TimerThenWorkImpl.class);
      worker.registerActivitiesImplementations(new WorkImpl());
    });

    assertAllCompletedExactlyOnce(ids);
  }

  private static List<String> startWorkflows(String taskQueue, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "crash-" + i + "-" + UUID.randomUUID();
      WorkflowClient.start(
          sdk.client().newWorkflowStub(TimerThenWork.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build())::run,
          id);
      ids.add(id);
    }
    return ids;
  }

  private static void assertAllCompletedExactlyOnce(List<String> ids) throws Exception {
    for (String id : ids) {
      WorkflowStub stub = sdk.client().newUntypedWorkflowStub(id);
      assertThat(stub.getResult(120, TimeUnit.SECONDS, String.class)).isEqualTo(id + "+worked");
      List<HistoryEvent> events = sdk.client().fetchHistory(id).getHistory().getEventsList();
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).as(id).hasSize(1);
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)).as(id).hasSize(1);
      assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).as(id).hasSize(1);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).getEventId()).as(id).isEqualTo(i + 1L);
      }
    }
  }
}
