package dev.conduit.it.support;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The official Java SDK pointed at a {@link TestCluster}: a client on the {@code default} namespace and
 * worker factories that tests start and stop, all closed together with the cluster it started. A harness on a
 * {@link SharedCluster} closes only the worker factories it started.
 */
public final class SdkHarness implements AutoCloseable {
  private final TestCluster cluster;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final boolean ownsCluster;
  private final List<WorkerFactory> factories = new ArrayList<>();

  private SdkHarness(TestCluster cluster) {
    this.cluster = cluster;
    this.stubs = cluster.newStubs();
    this.client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(TestCluster.NAMESPACE).build());
    this.ownsCluster = true;
  }

  private SdkHarness(SdkHarness owner) {
    this.cluster = owner.cluster;
    this.stubs = owner.stubs;
    this.client = owner.client;
    this.ownsCluster = false;
  }

  /** A harness on the same cluster and client whose {@link #close()} stops only the worker factories it started. */
  SdkHarness borrowed() {
    return new SdkHarness(this);
  }

  /** A new cluster of frontend, history and matching processes, closed with the harness. */
  public static SdkHarness onNewCluster() {
    return new SdkHarness(TestCluster.start());
  }

  /** Like {@link #onNewCluster()}, on a cluster with the advanced visibility store ({@link TestCluster#startWithVisibility()}). */
  public static SdkHarness onNewClusterWithVisibility() {
    return new SdkHarness(TestCluster.startWithVisibility());
  }

  /** Like {@link #onNewCluster()}, with {@code dynamicConfigYaml} added to the cluster's dynamic config. */
  public static SdkHarness onNewCluster(String dynamicConfigYaml) {
    return new SdkHarness(TestCluster.startWithDynamicConfig(dynamicConfigYaml));
  }

  public TestCluster cluster() {
    return cluster;
  }

  /** Options for a workflow with this id on this task queue. */
  public static WorkflowOptions options(String taskQueue, String workflowId) {
    return WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build();
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** A new task queue name, so tests in one cluster never share workers. */
  public static String taskQueue(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Starts a worker factory with one worker on {@code taskQueue}, set up by {@code registrations}. */
  public WorkerFactory startWorker(String taskQueue, Consumer<Worker> registrations) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    registrations.accept(factory.newWorker(taskQueue));
    factory.start();
    factories.add(factory);
    return factory;
  }

  @Override
  public void close() {
    factories.forEach(WorkerFactory::shutdownNow);
    factories.clear();
    if (ownsCluster) {
      stubs.shutdownNow();
      cluster.close();
    }
  }
}
