package dev.conduit.bench.workload;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official Java SDK pointed at one server: a client on the benchmark's namespace and one worker on
 * a task queue of its own, so runs against different servers, or repeated runs, never share tasks.
 */
public final class SdkSession implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final String taskQueue;
  private final Duration workflowTimeout;
  private final RpcCounter rpcs;

  private SdkSession(WorkflowServiceStubs stubs, WorkflowClient client, WorkerFactory factory, String taskQueue,
      Duration workflowTimeout, RpcCounter rpcs) {
    this.rpcs = rpcs;
    this.stubs = stubs;
    this.client = client;
    this.factory = factory;
    this.taskQueue = taskQueue;
    this.workflowTimeout = workflowTimeout;
  }

  /**
   * Connects to {@code address} (host:port), waiting until the server answers its health check, and
   * starts a worker sized for {@code concurrency} workflows in flight.
   */
  public static SdkSession open(String address, String namespace, int concurrency, Duration workflowTimeout) {
    RpcCounter rpcs = new RpcCounter();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newConnectedServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).setGrpcClientInterceptors(List.of(rpcs)).build(),
        CONNECT_TIMEOUT);
    WorkflowClient client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(namespace).setIdentity("conduit-bench").build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    String taskQueue = "bench-" + UUID.randomUUID();
    int slots = Math.max(200, concurrency * 2);
    Worker worker = factory.newWorker(taskQueue, WorkerOptions.newBuilder()
        .setMaxConcurrentWorkflowTaskExecutionSize(slots)
        .setMaxConcurrentActivityExecutionSize(slots)
        .build());
    worker.registerWorkflowImplementationTypes(BenchWorkflowImpl.class);
    worker.registerActivitiesImplementations(new BenchActivitiesImpl());
    factory.start();
    return new SdkSession(stubs, client, factory, taskQueue, workflowTimeout, rpcs);
  }

  /**
   * Starts one workflow (the call returns once the server accepted it) and returns its result, which
   * arrives later. A start the server refuses throws; a failed workflow completes the future exceptionally.
   */
  public CompletableFuture<String> start(String workflowId, String name, int activities) {
    WorkflowStub stub = client.newUntypedWorkflowStub(BenchWorkflow.TYPE, WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setWorkflowId(workflowId)
        .setWorkflowExecutionTimeout(workflowTimeout)
        .build());
    stub.start(name, activities);
    return stub.getResultAsync(workflowTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS, String.class);
  }

  /** The calls the client and the worker made to the server. */
  public RpcCounter rpcs() {
    return rpcs;
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
    stubs.shutdownNow();
  }
}
