package dev.conduit.it.support;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.Durations;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Clusters {@code active} and {@code standby} as separate processes ({@link ClusterGroup}) with one redirection
 * policy, shared by the test classes that ask for the same policy, their SDK stubs, and what the workflow-replication tests do with them: register a global namespace,
 * fail it over, read a run's history from either cluster and wait for it to reach a condition.
 */
public final class TwoClusters implements BeforeAllCallback, AfterAllCallback {
  /** How long a test waits for the clusters to converge. */
  public static final Duration CONVERGE = Duration.ofSeconds(90);

  private final String policy;
  private Started started;

  /**
   * Test classes' clusters, with {@code dcRedirectionPolicy.policy} {@code policy} on both, as a JUnit extension:
   * {@code @RegisterExtension static final TwoClusters clusters = new TwoClusters("noop");}. The first class that
   * asks for a policy starts its clusters; later classes with the same policy share them (starting two clusters
   * costs a minute of the run); they stop when the whole run ends. A class that stops a process restarts it.
   */
  public TwoClusters(String policy) {
    this.policy = policy;
  }

  /** Two running clusters, stopped when JUnit closes the root store at the end of the run. */
  private static final class Started implements ExtensionContext.Store.CloseableResource {
    final ClusterGroup group;
    final WorkflowServiceStubs active;
    final WorkflowServiceStubs standby;

    Started(String policy) {
      // with their visibility stores, as the shipped configs have them: every cluster indexes what it holds
      group = ClusterGroup.startWith(null, Map.of("active", policy, "standby", policy), true, "active", "standby");
      active = group.cluster("active").newStubs();
      standby = group.cluster("standby").newStubs();
    }

    @Override
    public void close() {
      active.shutdownNow();
      standby.shutdownNow();
      group.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    started = context.getRoot().getStore(ExtensionContext.Namespace.create(TwoClusters.class))
        .getOrComputeIfAbsent(policy, Started::new, Started.class);
  }

  /**
   * The clusters outlive the class (the root store closes them), but the class's runs are checked now: every run
   * on either cluster replays to its stored state ({@link ReplayEquivalence}), so a failure names this class.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    for (String name : List.of("active", "standby")) {
      ReplayEquivalence.verify(started.group.cluster(name).cassandra());
    }
  }

  public ClusterGroup group() {
    return started.group;
  }

  /** Stubs of the cluster named {@code active} (where namespaces start out active). */
  public WorkflowServiceStubs active() {
    return started.active;
  }

  public WorkflowServiceStubs standby() {
    return started.standby;
  }

  /** Registers a global namespace on both clusters, active on {@code active}, and waits until the standby has it. */
  public String registerGlobal(String prefix) {
    String name = registerGlobalOnActive(prefix);
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(50)).ignoreExceptionsMatching(TwoClusters::notFound)
        .until(() -> activeClusterOn(standby(), name).equals("active"));
    return name;
  }

  /** Registers a global namespace on the active cluster, active there, without waiting for the standby. */
  public String registerGlobalOnActive(String prefix) {
    String name = prefix + "-" + UUID.randomUUID();
    active().blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
        .setNamespace(name)
        .setIsGlobalNamespace(true)
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setActiveClusterName("active")
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
        .build());
    return name;
  }

  /** A forced failover of {@code namespace} to {@code target}, sent to the {@code active} cluster's frontend. */
  public void failover(String namespace, String target) {
    active().blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target)).build());
  }

  public static String activeClusterOn(WorkflowServiceStubs stubs, String namespace) {
    return stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
        .getReplicationConfig().getActiveClusterName();
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** A started worker of {@code taskQueue} with the given workflow types and activity implementations. */
  public static WorkerFactory worker(WorkflowServiceStubs stubs, String namespace, String taskQueue,
      List<Class<?>> workflowTypes, Object... activities) {
    WorkerFactory factory = WorkerFactory.newInstance(client(stubs, namespace));
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(workflowTypes.toArray(new Class<?>[0]));
    if (activities.length > 0) {
      worker.registerActivitiesImplementations(activities);
    }
    factory.start();
    return factory;
  }

  /**
   * The run's whole history as the cluster itself holds it: the call carries the header of a forwarded call, so
   * even under {@code all-apis-forwarding} the cluster answers from its own copy instead of the active cluster's.
   */
  public static List<HistoryEvent> history(WorkflowServiceStubs stubs, String namespace, WorkflowExecution execution) {
    List<HistoryEvent> events = new ArrayList<>();
    GetWorkflowExecutionHistoryRequest.Builder request = GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(namespace).setExecution(execution);
    Metadata ownCopy = new Metadata();
    ownCopy.put(Metadata.Key.of("xdc-redirection", Metadata.ASCII_STRING_MARSHALLER), "false");
    var stub = stubs.blockingStub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ownCopy));
    do {
      GetWorkflowExecutionHistoryResponse page = stub.getWorkflowExecutionHistory(request.build());
      events.addAll(page.getHistory().getEventsList());
      request.setNextPageToken(page.getNextPageToken());
    } while (!request.getNextPageToken().isEmpty());
    return events;
  }

  /** The cluster's copy of the run's history; empty while it has none. */
  public static List<HistoryEvent> historyOrEmpty(WorkflowServiceStubs stubs, String namespace,
      WorkflowExecution execution) {
    try {
      return history(stubs, namespace, execution);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  /** Waits until the cluster's copy of the run's history meets {@code condition}, and returns it. */
  public static List<HistoryEvent> awaitHistory(WorkflowServiceStubs stubs, String namespace, WorkflowExecution execution,
      Predicate<List<HistoryEvent>> condition) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
        .until(() -> historyOrEmpty(stubs, namespace, execution), condition::test);
  }

  /** Whether the history ends with the run closed (completed, continued as new, terminated, ...). */
  public static boolean closed(List<HistoryEvent> events) {
    if (events.isEmpty()) {
      return false;
    }
    EventType type = last(events).getEventType();
    return type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
        || type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
        || type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED
        || type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
  }

  public static HistoryEvent last(List<HistoryEvent> events) {
    return events.get(events.size() - 1);
  }

  public static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }

  /** A refusal because the namespace is not active on the cluster asked (yet): FAILED_PRECONDITION in the causes. */
  public static boolean notActive(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        return true;
      }
    }
    return false;
  }

  private static boolean notFound(Throwable thrown) {
    return thrown instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
  }

}
