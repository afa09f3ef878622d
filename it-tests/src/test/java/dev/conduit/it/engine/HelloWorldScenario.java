package dev.conduit.it.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.it.support.TestCluster;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The smallest real application: one workflow, one activity. {@link HelloWorldIT} runs it through
 * frontend, history and matching processes, {@link EmbeddedModeIT} with all three roles in one JVM. The
 * subclass starts the cluster; this class declares no {@code @BeforeAll}, so only one cluster starts.
 */
abstract class HelloWorldScenario {
  private static final String TASK_QUEUE = "hello-" + UUID.randomUUID();
  private static TestCluster cluster;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;
  private static WorkerFactory factory;

  @WorkflowInterface
  public interface Greeting {
    @WorkflowMethod
    String greet(String name);
  }

  @ActivityInterface
  public interface Greeter {
    String compose(String greeting, String name);
  }

  public static class GreetingImpl implements Greeting {
    private final Greeter greeter =
        Workflow.newActivityStub(Greeter.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String greet(String name) {
      return greeter.compose("Hello", name);
    }
  }

  public static class GreeterImpl implements Greeter {
    @Override
    public String compose(String greeting, String name) {
      return greeting + " " + name + "!";
    }
  }

  static void startWith(TestCluster started) {
    cluster = started;
    stubs = cluster.newStubs();
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(TestCluster.NAMESPACE).build());
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(GreetingImpl.class);
    worker.registerActivitiesImplementations(new GreeterImpl());
    factory.start();
  }

  @AfterAll
  static void stopCluster() {
    if (factory != null) {
      factory.shutdownNow();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void workflowWithOneActivityReturnsItsResult() {
    String workflowId = "hello-" + UUID.randomUUID();
    Greeting workflow =
        client.newWorkflowStub(Greeting.class, WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(workflowId).build());

    assertThat(workflow.greet("Conduit")).isEqualTo("Hello Conduit!");

    List<HistoryEvent> events = client.fetchHistory(workflowId).getHistory().getEventsList();
    assertThat(events).extracting(HistoryEvent::getEventType).containsExactly(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).getEventId()).isEqualTo(i + 1L);
      assertThat(events.get(i).getVersion()).as("event %d carries the namespace failover version", i + 1).isEqualTo(events.get(0).getVersion());
    }
  }
}
