package dev.conduit.it.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.support.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listing, counting and searching runs with the official Java SDK against a cluster whose history publishes
 * visibility records to Kafka and whose replication role indexes them into Elasticsearch (all real servers).
 */
class VisibilityIT {
  private static final Duration INDEXED = Duration.ofSeconds(60);
  private static final SearchAttributeKey<String> KEYWORD = SearchAttributeKey.forKeyword("CustomKeywordField");
  private static final SearchAttributeKey<Long> INT = SearchAttributeKey.forLong("CustomIntField");
  @RegisterExtension
  static final VisibilityCluster cluster = new VisibilityCluster();
  private static SdkHarness sdk;
  private static String taskQueue;

  @WorkflowInterface
  public interface Finishing {
    /** Completes with "done", or fails with {@code outcome} "fail". */
    @WorkflowMethod
    String finish(String outcome);
  }

  public static class FinishingImpl implements Finishing {
    @Override
    public String finish(String outcome) {
      if (outcome.equals("fail")) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("asked to fail", "Asked");
      }
      return "done";
    }
  }

  @WorkflowInterface
  public interface Waiting {
    /** Waits for {@link #release}; tags itself with CustomKeywordField and CustomIntField first. */
    @WorkflowMethod
    void waitForRelease(String tag);

    @SignalMethod
    void release();
  }

  public static class WaitingImpl implements Waiting {
    private boolean released;

    @Override
    public void waitForRelease(String tag) {
      Workflow.upsertTypedSearchAttributes(KEYWORD.valueSet(tag), INT.valueSet(42L));
      Workflow.await(() -> released);
    }

    @Override
    public void release() {
      released = true;
    }
  }

  @BeforeAll
  static void start() {
    sdk = cluster.sdk();
    taskQueue = cluster.taskQueue();
  }

  @Test
  void aRunWhoseWorkflowTasksAnUnversionedWorkerCompletedIsFoundByBuildIds() {
    String id = "built-" + UUID.randomUUID();
    assertThat(sdk.client().newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, id)).finish("complete"))
        .isEqualTo("done");

    // the Java SDK sends its build id in a version stamp only to servers that announce build-id based versioning,
    // which this one does not: its workers are unversioned without a build id
    await().atMost(INDEXED).until(() -> ids(sdk.client(), "WorkflowId = '" + id + "' AND BuildIds = 'unversioned'")
        .size() == 1);
    var described = sdk.client().newUntypedWorkflowStub(id).describe().getTypedSearchAttributes();
    assertThat(described.get(io.temporal.common.SearchAttributeKey.forKeywordList("BuildIds")))
        .containsExactly("unversioned");
  }

  @Test
  void runsAreListedAndCountedByTypeStatusTimeAndCustomAttributes() {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    List<String> completed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = "done-" + batch + "-" + i;
      client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, id)).finish("complete");
      completed.add(id);
    }
    String failed = "failed-" + batch;
    catchThrowableOfType(() -> client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, failed))
        .finish("fail"), WorkflowFailedException.class);
    String running = "running-" + batch;
    Waiting waiting = client.newWorkflowStub(Waiting.class, SdkHarness.options(taskQueue, running));
    WorkflowClient.start(waiting::waitForRelease, "tag-" + batch);
    String terminated = "terminated-" + batch;
    Waiting toTerminate = client.newWorkflowStub(Waiting.class, SdkHarness.options(taskQueue, terminated));
    WorkflowClient.start(toTerminate::waitForRelease, "other-" + batch);
    WorkflowStub.fromTyped(toTerminate).terminate("enough");

    String ours = "WorkflowId STARTS_WITH '" + "done-" + batch + "'";
    // indexed as closed: a run's running record may be searchable a moment before its closed one
    await().atMost(INDEXED).until(() -> ids(client, ours + " AND ExecutionStatus = 'Completed'").size() == 3);
    assertThat(listed(client, ours)).allSatisfy(run -> {
      assertThat(run.getWorkflowType()).isEqualTo("Finishing");
      assertThat(run.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(run.getCloseTime()).isNotNull().isAfterOrEqualTo(run.getStartTime());
      assertThat(run.getTaskQueue()).isEqualTo(taskQueue);
    });
    assertThat(ids(client, ours)).containsExactlyInAnyOrderElementsOf(completed);

    // by status, each of them, and the running one by its upserted custom attributes
    await().atMost(INDEXED).until(() -> ids(client, "WorkflowId = '" + terminated + "' AND ExecutionStatus = 'Terminated'")
        .size() == 1);
    assertThat(ids(client, "WorkflowId = '" + failed + "' AND ExecutionStatus = 'Failed'")).containsExactly(failed);
    await().atMost(INDEXED).until(() -> ids(client, "CustomKeywordField = 'tag-" + batch + "'").size() == 1);
    assertThat(ids(client, "CustomKeywordField = 'tag-" + batch + "' AND CustomIntField >= 40 AND ExecutionStatus = 'Running'"))
        .containsExactly(running);
    assertThat(ids(client, "CustomKeywordField = 'tag-" + batch + "' AND CustomIntField > 42")).isEmpty();
    // by type and time range: the failed and completed ones, not the two of the other type
    String sinceStart = "StartTime >= '2020-01-01T00:00:00Z' AND WorkflowType = 'Finishing' AND WorkflowId IN ('"
        + failed + "', '" + completed.get(0) + "', '" + running + "')";
    assertThat(ids(client, sinceStart)).containsExactlyInAnyOrder(failed, completed.get(0));

    // counts, and by status
    assertThat(client.countWorkflows(ours).getCount()).isEqualTo(3);
    CountWorkflowExecutionsResponse grouped = sdk.stubs().blockingStub().countWorkflowExecutions(
        CountWorkflowExecutionsRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
            .setQuery("WorkflowId STARTS_WITH 'done-" + batch + "' OR WorkflowId = '" + failed
                + "' GROUP BY ExecutionStatus").build());
    assertThat(grouped.getCount()).isEqualTo(4);
    assertThat(sdk.stubs().blockingStub().getSystemInfo(io.temporal.api.workflowservice.v1.GetSystemInfoRequest
        .getDefaultInstance()).getCapabilities().getCountGroupByExecutionStatus()).isTrue();
    assertThat(grouped.getGroupsList()).extracting(group -> group.getGroupValues(0).getData().toStringUtf8() + "=" + group.getCount())
        .containsExactlyInAnyOrder("\"Completed\"=3", "\"Failed\"=1");

    // the running one closes: the closed record replaces the running one
    waiting.release();
    await().atMost(INDEXED).until(() -> ids(client, "WorkflowId = '" + running + "' AND ExecutionStatus = 'Completed'")
        .size() == 1);
    assertThat(ids(client, "WorkflowId = '" + running + "'")).as("one document per run").hasSize(1);
  }

  @Test
  void pagesContinueAfterTheLastRunWhileNewRunsStart() {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    Set<String> first = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      String id = "page-" + batch + "-" + i;
      client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, id)).finish("complete");
      first.add(id);
    }
    String query = "WorkflowId STARTS_WITH 'page-" + batch + "'";
    await().atMost(INDEXED).until(() -> ids(client, query).size() == 7);

    List<String> seen = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    int pages = 0;
    do {
      ListWorkflowExecutionsResponse page = sdk.stubs().blockingStub().listWorkflowExecutions(
          ListWorkflowExecutionsRequest.newBuilder().setNamespace(TestCluster.NAMESPACE).setQuery(query)
              .setPageSize(3).setNextPageToken(token).build());
      page.getExecutionsList().stream().map(run -> run.getExecution().getWorkflowId()).forEach(seen::add);
      token = page.getNextPageToken();
      pages++;
      // a run that starts and closes between pages is newer than every listed one: it never shows up later
      String extra = "page-" + batch + "-late-" + pages;
      client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, extra)).finish("complete");
    } while (!token.isEmpty() && pages < 10);
    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().containsAll(first);
    int all = first.size() + pages;
    await().atMost(INDEXED).until(() -> ids(client, query + " AND ExecutionStatus = 'Completed'").size() == all);
    List<String> newestFirst = ids(client, query);
    assertThat(newestFirst).as("newest first by default").startsWith("page-" + batch + "-late-" + pages,
        "page-" + batch + "-late-" + (pages - 1));
  }

  @WorkflowInterface
  public interface Upserting {
    /** Upserts {@code name} = "x" (a keyword), then completes. */
    @WorkflowMethod
    void upsert(String name);
  }

  public static class UpsertingImpl implements Upserting {
    @Override
    public void upsert(String name) {
      Workflow.upsertTypedSearchAttributes(SearchAttributeKey.forKeyword(name).valueSet("x"));
    }
  }

  @Test
  void customAttributesAreRegisteredPerNamespaceAndOnlyRegisteredOnesAreAccepted() {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    String attribute = "OrderRegion" + batch.replace("-", "");
    var operator = io.temporal.serviceclient.OperatorServiceStubs.newServiceStubs(
        io.temporal.serviceclient.OperatorServiceStubsOptions.newBuilder()
            .setTarget(sdk.cluster().frontendTarget()).validateAndBuildWithDefaults());
    try {
      // a start naming an attribute nobody registered changes nothing and says which
      WorkflowClient client = sdk.client();
      io.temporal.client.WorkflowOptions unregistered = io.temporal.client.WorkflowOptions.newBuilder()
          .setTaskQueue(taskQueue).setWorkflowId("unregistered-" + batch)
          .setTypedSearchAttributes(SearchAttributes.newBuilder()
              .set(SearchAttributeKey.forKeyword(attribute), "eu").build())
          .build();
      io.temporal.client.WorkflowServiceException refused = catchThrowableOfType(() -> WorkflowClient.start(
          client.newWorkflowStub(Finishing.class, unregistered)::finish, "complete"),
          io.temporal.client.WorkflowServiceException.class);
      assertThat(refused.getCause()).isInstanceOf(StatusRuntimeException.class);
      Status refusal = ((StatusRuntimeException) refused.getCause()).getStatus();
      assertThat(refusal.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refusal.getDescription()).contains(attribute);

      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
          .setNamespace(TestCluster.NAMESPACE)
          .putSearchAttributes(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD).build());
      ListSearchAttributesResponse listed = operator.blockingStub().listSearchAttributes(
          ListSearchAttributesRequest.newBuilder().setNamespace(TestCluster.NAMESPACE).build());
      assertThat(listed.getCustomAttributesMap()).containsEntry(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .containsEntry("CustomKeywordField", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      assertThat(listed.getSystemAttributesMap()).containsKey("WorkflowType");
      assertThat(listed.getStorageSchemaMap()).containsEntry(attribute, "keyword");

      // registered: starts carry it and queries find it (the namespace cache of the frontend refreshes first)
      String tagged = "registered-" + batch;
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        client.newWorkflowStub(Finishing.class, unregistered.toBuilder().setWorkflowId(tagged).build()).finish("complete");
        return true;
      });
      await().atMost(INDEXED).until(() -> ids(client, attribute + " = 'eu'").size() == 1);
      assertThat(ids(client, attribute + " = 'eu'")).containsExactly(tagged);
      assertThat(ids(client, attribute + " = 'us'")).isEmpty();

      // an upsert of an unregistered attribute fails the workflow task, and says why
      String upserting = "upserting-" + batch;
      WorkflowClient.start(client.newWorkflowStub(Upserting.class, SdkHarness.options(taskQueue, upserting))::upsert,
          "NeverRegistered" + batch.replace("-", ""));
      await().atMost(Duration.ofSeconds(30)).until(() -> sdk.client().fetchHistory(upserting).getEvents().stream()
          .anyMatch(event -> event.hasWorkflowTaskFailedEventAttributes()));
      var failedTask = sdk.client().fetchHistory(upserting).getEvents().stream()
          .filter(event -> event.hasWorkflowTaskFailedEventAttributes()).findFirst().orElseThrow()
          .getWorkflowTaskFailedEventAttributes();
      assertThat(failedTask.getCause()).isEqualTo(
          io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES);
      assertThat(failedTask.getFailure().getMessage()).contains("NeverRegistered");
      WorkflowStub.fromTyped(client.newWorkflowStub(Upserting.class, upserting)).terminate("done");

      // removed: new starts with it are refused again
      operator.blockingStub().removeSearchAttributes(RemoveSearchAttributesRequest.newBuilder()
          .setNamespace(TestCluster.NAMESPACE).addSearchAttributes(attribute).build());
      assertThat(operator.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder()
          .setNamespace(TestCluster.NAMESPACE).build()).getCustomAttributesMap()).doesNotContainKey(attribute);
      StatusRuntimeException predefined = catchThrowableOfType(() -> operator.blockingStub().removeSearchAttributes(
          RemoveSearchAttributesRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
              .addSearchAttributes("CustomKeywordField").build()), StatusRuntimeException.class);
      assertThat(predefined.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      // the cluster says which visibility store it has
      assertThat(sdk.stubs().blockingStub().getClusterInfo(
          io.temporal.api.workflowservice.v1.GetClusterInfoRequest.getDefaultInstance()).getVisibilityStore())
          .isEqualTo("elasticsearch");
    } finally {
      operator.shutdown();
    }
  }

  @Test
  void badQueriesAreRejectedWithTheProblemNamed() {
    StatusRuntimeException unknown = catchThrowableOfType(() -> sdk.stubs().blockingStub().listWorkflowExecutions(
        ListWorkflowExecutionsRequest.newBuilder().setNamespace(TestCluster.NAMESPACE).setQuery("NoSuchAttribute = 'x'")
            .build()), StatusRuntimeException.class);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.getStatus().getDescription()).contains("NoSuchAttribute");
    StatusRuntimeException malformed = catchThrowableOfType(() -> sdk.stubs().blockingStub().countWorkflowExecutions(
        CountWorkflowExecutionsRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
            .setQuery("(WorkflowType = 'Finishing'").build()), StatusRuntimeException.class);
    assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    StatusRuntimeException wrongType = catchThrowableOfType(() -> sdk.stubs().blockingStub().countWorkflowExecutions(
        CountWorkflowExecutionsRequest.newBuilder().setNamespace(TestCluster.NAMESPACE)
            .setQuery("CustomIntField = 'many'").build()), StatusRuntimeException.class);
    assertThat(wrongType.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(wrongType.getStatus().getDescription()).contains("CustomIntField");
  }

  @WorkflowInterface
  public interface Continuing {
    /** Continues as new {@code times} times, then completes. */
    @WorkflowMethod
    void run(int times);
  }

  public static class ContinuingImpl implements Continuing {
    @Override
    public void run(int times) {
      if (times > 0) {
        Workflow.continueAsNew(times - 1);
      }
    }
  }

  @Test
  void timedOutAndContinuedAsNewRunsAreListedWithTheirStatusAndTheOpenAndClosedListsSplitThem() {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    com.google.protobuf.Timestamp before = com.google.protobuf.util.Timestamps.fromMillis(System.currentTimeMillis() - 1000);
    String timedOut = "timeout-" + batch;
    WorkflowClient.start(client.newWorkflowStub(Waiting.class, SdkHarness.options(taskQueue, timedOut).toBuilder()
        .setWorkflowExecutionTimeout(Duration.ofSeconds(2)).build())::waitForRelease, "t-" + batch);
    String continued = "continued-" + batch;
    client.newWorkflowStub(Continuing.class, SdkHarness.options(taskQueue, continued)).run(1);
    String open = "open-" + batch;
    Waiting waiting = client.newWorkflowStub(Waiting.class, SdkHarness.options(taskQueue, open));
    WorkflowClient.start(waiting::waitForRelease, "o-" + batch);

    await().atMost(INDEXED).until(() -> ids(client, "WorkflowId = '" + timedOut + "' AND ExecutionStatus = 'TimedOut'")
        .size() == 1);
    WorkflowExecutionMetadata timedOutRun = listed(client, "WorkflowId = '" + timedOut + "'").get(0);
    assertThat(timedOutRun.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT);
    assertThat(Duration.between(timedOutRun.getStartTime(), timedOutRun.getCloseTime())).isGreaterThanOrEqualTo(
        Duration.ofSeconds(2));
    // the chain: the first run continued as new, the second completed, both under the one workflow id
    await().atMost(INDEXED).until(() -> ids(client, "WorkflowId = '" + continued + "' AND ExecutionStatus != 'Running'")
        .size() == 2);
    assertThat(listed(client, "WorkflowId = '" + continued + "'")).extracting(WorkflowExecutionMetadata::getStatus)
        .containsExactlyInAnyOrder(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(ids(client, "WorkflowId = '" + continued + "' AND ExecutionStatus = 'ContinuedAsNew'")).hasSize(1);
    await().atMost(INDEXED).until(() -> ids(client, "WorkflowId = '" + open + "' AND CustomKeywordField = 'o-" + batch + "'")
        .size() == 1);

    // the list calls from before queries: open ones by type, closed ones by id, by status and by close time
    var stub = sdk.stubs().blockingStub();
    var openWaiting = stub.listOpenWorkflowExecutions(io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest
        .newBuilder().setNamespace(TestCluster.NAMESPACE).setMaximumPageSize(1000)
        .setStartTimeFilter(io.temporal.api.filter.v1.StartTimeFilter.newBuilder().setEarliestTime(before))
        .setTypeFilter(io.temporal.api.filter.v1.WorkflowTypeFilter.newBuilder().setName("Waiting")).build());
    assertThat(openWaiting.getExecutionsList()).extracting(run -> run.getExecution().getWorkflowId())
        .contains(open).doesNotContain(timedOut, continued);
    assertThat(openWaiting.getExecutionsList()).allSatisfy(run -> assertThat(run.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING));
    var closedChain = stub.listClosedWorkflowExecutions(io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest
        .newBuilder().setNamespace(TestCluster.NAMESPACE).setMaximumPageSize(1000)
        .setExecutionFilter(io.temporal.api.filter.v1.WorkflowExecutionFilter.newBuilder().setWorkflowId(continued)).build());
    assertThat(closedChain.getExecutionsList()).hasSize(2);
    var closedTimedOut = stub.listClosedWorkflowExecutions(io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest
        .newBuilder().setNamespace(TestCluster.NAMESPACE).setMaximumPageSize(1000)
        .setStartTimeFilter(io.temporal.api.filter.v1.StartTimeFilter.newBuilder().setEarliestTime(before))
        .setStatusFilter(io.temporal.api.filter.v1.StatusFilter.newBuilder()
            .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT)).build());
    assertThat(closedTimedOut.getExecutionsList()).extracting(run -> run.getExecution().getWorkflowId())
        .contains(timedOut).doesNotContain(open, continued);
    var closedWaiting = stub.listClosedWorkflowExecutions(io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest
        .newBuilder().setNamespace(TestCluster.NAMESPACE).setMaximumPageSize(1000)
        .setStartTimeFilter(io.temporal.api.filter.v1.StartTimeFilter.newBuilder().setEarliestTime(before))
        .setTypeFilter(io.temporal.api.filter.v1.WorkflowTypeFilter.newBuilder().setName("Waiting")).build());
    assertThat(closedWaiting.getExecutionsList()).extracting(run -> run.getExecution().getWorkflowId())
        .contains(timedOut).doesNotContain(open);
    waiting.release();
  }

  @Test
  void customAttributesOfEveryTypeAreStoredReturnedAndQueried() {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    String labelsName = "Labels" + batch;
    SearchAttributeKey<String> text = SearchAttributeKey.forText("CustomTextField");
    SearchAttributeKey<Double> dbl = SearchAttributeKey.forDouble("CustomDoubleField");
    SearchAttributeKey<Boolean> bool = SearchAttributeKey.forBoolean("CustomBoolField");
    SearchAttributeKey<java.time.OffsetDateTime> when = SearchAttributeKey.forOffsetDateTime("CustomDatetimeField");
    SearchAttributeKey<List<String>> labels = SearchAttributeKey.forKeywordList(labelsName);
    var operator = io.temporal.serviceclient.OperatorServiceStubs.newServiceStubs(
        io.temporal.serviceclient.OperatorServiceStubsOptions.newBuilder()
            .setTarget(sdk.cluster().frontendTarget()).validateAndBuildWithDefaults());
    try {
      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
          .setNamespace(TestCluster.NAMESPACE)
          .putSearchAttributes(labelsName, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST).build());
    } finally {
      operator.shutdown();
    }
    java.time.OffsetDateTime noon = java.time.OffsetDateTime.parse("2026-06-01T12:00:00Z");
    WorkflowClient client = sdk.client();
    String first = "typed-" + batch + "-1";
    String second = "typed-" + batch + "-2";
    SearchAttributes firstValues = SearchAttributes.newBuilder().set(text, "the quick brown fox").set(dbl, 2.5)
        .set(bool, true).set(when, noon).set(labels, List.of("red", "green")).build();
    SearchAttributes secondValues = SearchAttributes.newBuilder().set(text, "a lazy dog").set(dbl, 1.0)
        .set(bool, false).set(when, noon.minusDays(1)).set(labels, List.of("blue")).build();
    // the frontend's namespace cache learns of the new attribute within seconds
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, first).toBuilder()
          .setTypedSearchAttributes(firstValues).build()).finish("complete");
      return true;
    });
    client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, second).toBuilder()
        .setTypedSearchAttributes(secondValues).build()).finish("complete");

    String ours = "WorkflowId STARTS_WITH 'typed-" + batch + "' AND ";
    await().atMost(INDEXED).until(() -> ids(client, ours + "ExecutionStatus = 'Completed'").size() == 2);
    assertThat(ids(client, ours + "CustomTextField = 'brown'")).containsExactly(first);
    assertThat(ids(client, ours + "CustomTextField = 'dog'")).containsExactly(second);
    assertThat(ids(client, ours + "CustomDoubleField > 2")).containsExactly(first);
    assertThat(ids(client, ours + "CustomDoubleField BETWEEN 0.5 AND 1.5")).containsExactly(second);
    assertThat(ids(client, ours + "CustomBoolField = true")).containsExactly(first);
    assertThat(ids(client, ours + "CustomBoolField = false")).containsExactly(second);
    assertThat(ids(client, ours + "CustomDatetimeField >= '2026-06-01T00:00:00Z'")).containsExactly(first);
    assertThat(ids(client, ours + "CustomDatetimeField < '2026-06-01T00:00:00Z'")).containsExactly(second);
    assertThat(ids(client, ours + labelsName + " = 'green'")).containsExactly(first);
    assertThat(ids(client, ours + labelsName + " IN ('blue', 'yellow')")).containsExactly(second);
    assertThat(ids(client, ours + labelsName + " IS NULL")).isEmpty();
    assertThat(ids(client, ours + "CustomIntField IS NULL")).containsExactlyInAnyOrder(first, second);
    assertThat(ids(client, ours + "CustomDoubleField > 0 ORDER BY CustomDoubleField DESC")).containsExactly(first, second);
    // the system counters: events and their bytes
    assertThat(ids(client, ours + "HistoryLength >= 5 AND HistorySizeBytes > 100")).containsExactlyInAnyOrder(first, second);
    assertThat(listed(client, "WorkflowId = '" + first + "'").get(0).getWorkflowExecutionInfo().getHistorySizeBytes())
        .isGreaterThan(100);

    // what a list returns decodes to the values the start carried
    SearchAttributes returned = listed(client, "WorkflowId = '" + first + "'").get(0).getTypedSearchAttributes();
    assertThat(returned.get(text)).isEqualTo("the quick brown fox");
    assertThat(returned.get(dbl)).isEqualTo(2.5);
    assertThat(returned.get(bool)).isTrue();
    assertThat(returned.get(when).toInstant()).isEqualTo(noon.toInstant());
    assertThat(returned.get(labels)).containsExactly("red", "green");

    // a value of the wrong type for a registered attribute is refused, naming it
    io.temporal.client.WorkflowServiceException refused = catchThrowableOfType(() -> WorkflowClient.start(
        client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, "typed-" + batch + "-bad").toBuilder()
            .setTypedSearchAttributes(SearchAttributes.newBuilder()
                .set(SearchAttributeKey.forKeyword("CustomDoubleField"), "lots").build()).build())::finish, "complete"),
        io.temporal.client.WorkflowServiceException.class);
    Status refusal = ((StatusRuntimeException) refused.getCause()).getStatus();
    assertThat(refusal.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.getDescription()).contains("CustomDoubleField");
  }

  @Test
  void aDeletedRunIsGoneFromDescribeHistoryAndTheListAndARunningOneIsTerminatedFirst() {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    WorkflowClient client = sdk.client();
    String finished = "del-done-" + batch;
    assertThat(client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, finished)).finish("complete"))
        .isEqualTo("done");
    String running = "del-running-" + batch;
    Waiting waiting = client.newWorkflowStub(Waiting.class, SdkHarness.options(taskQueue, running));
    String runningRun = WorkflowClient.start(waiting::waitForRelease, "del-" + batch).getRunId();
    String both = "WorkflowId STARTS_WITH 'del-' AND WorkflowId IN ('" + finished + "', '" + running + "')";
    await().atMost(INDEXED).until(() -> ids(client, both).size() == 2);

    var stub = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    stub.deleteWorkflowExecution(io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace).setWorkflowExecution(execution(finished, "")).build());
    stub.deleteWorkflowExecution(io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace).setWorkflowExecution(execution(running, runningRun)).build());

    await().atMost(INDEXED).until(() -> describeCode(client, finished) == Status.Code.NOT_FOUND
        && describeCode(client, running) == Status.Code.NOT_FOUND);
    StatusRuntimeException history = catchThrowableOfType(() -> stub.getWorkflowExecutionHistory(
        io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(namespace)
            .setExecution(execution(running, runningRun)).build()), StatusRuntimeException.class);
    assertThat(history.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    await().atMost(INDEXED).until(() -> ids(client, both).isEmpty());
    assertThat(client.newWorkflowStub(Finishing.class, SdkHarness.options(taskQueue, running)).finish("complete"))
        .as("the id takes a new run").isEqualTo("done");

    StatusRuntimeException unknown = catchThrowableOfType(() -> stub.deleteWorkflowExecution(
        io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
            .setWorkflowExecution(execution("del-nobody-" + batch, "")).build()), StatusRuntimeException.class);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  private static io.temporal.api.common.v1.WorkflowExecution execution(String workflowId, String runId) {
    return io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
  }

  private static Status.Code describeCode(WorkflowClient client, String workflowId) {
    try {
      client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
          io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace()).setExecution(execution(workflowId, "")).build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static List<WorkflowExecutionMetadata> listed(WorkflowClient client, String query) {
    return client.listExecutions(query).collect(Collectors.toList());
  }

  private static List<String> ids(WorkflowClient client, String query) {
    return listed(client, query).stream().map(run -> run.getExecution().getWorkflowId()).toList();
  }
}
