package dev.conduit.it.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.deploy.local.LocalLayout;
import dev.conduit.deploy.local.WebUi;
import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.visibility.VisibilityIT.Finishing;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Temporal's Web UI, built and started by the launcher, against a cluster with visibility: its pages, rendered by
 * headless Chromium, show the workflows just run, a workflow's history and the namespace's details.
 */
class WebUiIT {
  @RegisterExtension
  static final VisibilityCluster cluster = new VisibilityCluster();
  private static SdkHarness sdk;
  private static WebUi ui;
  private static String taskQueue;

  @BeforeAll
  static void start() throws IOException {
    sdk = cluster.sdk();
    taskQueue = cluster.taskQueue();
    ui = new WebUi(LocalLayout.fromEnvironment(), "e2e-" + sdk.cluster().visibilityName() + "-web-ui", freePort(),
        sdk.cluster().frontendTarget());
    ui.start(Duration.ofMinutes(20));
  }

  @AfterAll
  static void stop() {
    if (ui != null) {
      ui.stop();
    }
  }

  @Test
  void theWorkflowListShowsTheWorkflowsJustRunAndAWorkflowPageShowsItsHistory() throws Exception {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    String first = "ui-" + batch + "-first";
    String second = "ui-" + batch + "-second";
    client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, first)).finish("complete");
    client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, second)).finish("complete");
    await().atMost(Duration.ofSeconds(60)).until(() -> client.listExecutions("WorkflowId STARTS_WITH 'ui-" + batch + "'")
        .count() == 2);

    // the workers tab of a workflow's page asks who polls its task queue
    var pollers = sdk.stubs().blockingStub().describeTaskQueue(io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest
        .newBuilder().setNamespace("default").setTaskQueue(io.temporal.api.taskqueue.v1.TaskQueue.newBuilder()
            .setName(taskQueue)).build()).getPollersList();
    assertThat(pollers).isNotEmpty().allSatisfy(poller -> {
      assertThat(poller.getIdentity()).isNotEmpty();
      assertThat(poller.hasLastAccessTime()).isTrue();
    });

    // and which matching host holds the queue
    var partitions = sdk.stubs().blockingStub().listTaskQueuePartitions(io.temporal.api.workflowservice.v1
        .ListTaskQueuePartitionsRequest.newBuilder().setNamespace("default").setTaskQueue(io.temporal.api.taskqueue.v1
            .TaskQueue.newBuilder().setName(taskQueue)).build());
    assertThat(partitions.getWorkflowTaskQueuePartitionsList()).singleElement().satisfies(partition -> {
      assertThat(partition.getKey()).isEqualTo(taskQueue);
      assertThat(partition.getOwnerHostName()).matches("127\\.0\\.0\\.1:\\d+");
    });
    assertThat(partitions.getActivityTaskQueuePartitionsList()).hasSize(1);

    String list = render(ui.endpoint() + "/namespaces/default/workflows");
    assertThat(list).contains(first).contains(second);

    WorkflowExecution run = client.listExecutions("WorkflowId = '" + first + "'").findFirst().orElseThrow().getExecution();
    String page = render(ui.endpoint() + "/namespaces/default/workflows/" + first + "/" + run.getRunId() + "/history");
    // the event history table, newest first, as the UI names the events
    assertThat(page).contains(first).contains("Finishing").contains("Workflow Execution Started")
        .contains("Workflow Task Completed").contains("Workflow Execution Completed");

    // the namespace's page: its details (DescribeNamespace) and its search attributes (GetSearchAttributes)
    String namespacePage = render(ui.endpoint() + "/namespaces/default");
    assertThat(namespacePage).contains("Namespace: default").contains("Retention Period")
        .contains("CustomKeywordField").contains("ExecutionStatus");
  }

  /** The page as headless Chromium renders it, once its scripts have fetched their data. */
  private static String render(String url) throws IOException, InterruptedException {
    Path out = Files.createTempFile("web-ui-page", ".html");
    Process chromium = new ProcessBuilder(List.of("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--virtual-time-budget=20000", "--dump-dom", url))
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!chromium.waitFor(3, TimeUnit.MINUTES)) {
      chromium.destroyForcibly();
      throw new IllegalStateException("headless Chromium did not render " + url);
    }
    String html = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    return html;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
