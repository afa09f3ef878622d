package dev.conduit.bench.visibility;

import dev.conduit.bench.measure.LatencySummary;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench visibility [--target HOST:PORT] [--namespace NS] [--rate N] [--seconds S] [--fill N] [--calls N]}:
 * how long a closed run takes to become searchable (close seen by the client to found by a list query) at a steady
 * start rate, then how long list and count take once {@code --fill} runs are indexed. Prints the figures.
 */
public final class VisibilityBench {
  private static final String TYPE = "VisibilityProbe";

  @WorkflowInterface
  public interface Probe {
    @WorkflowMethod(name = TYPE)
    String probe();
  }

  public static class ProbeImpl implements Probe {
    @Override
    public String probe() {
      return "done";
    }
  }

  private VisibilityBench() {}

  public static void run(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String target = options.getOrDefault("target", "127.0.0.1:7233");
    String namespace = options.getOrDefault("namespace", "default");
    double rate = Double.parseDouble(options.getOrDefault("rate", "8"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
    int fill = Integer.parseInt(options.getOrDefault("fill", "10000"));
    int calls = Integer.parseInt(options.getOrDefault("calls", "50"));

    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    String taskQueue = "visibility-bench-" + UUID.randomUUID();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(ProbeImpl.class);
    factory.start();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      String batch = UUID.randomUUID().toString().substring(0, 8);
      System.out.printf("visibility bench against %s, namespace %s%n", target, namespace);
      indexingLag(client, stubs, namespace, taskQueue, batch, rate, seconds, pool);
      listAndCount(client, stubs, namespace, taskQueue, batch, fill, calls, pool);
    } finally {
      pool.shutdownNow();
      factory.shutdownNow();
      stubs.shutdownNow();
    }
  }

  /** Runs at {@code rate} per second; a poller notes when each closed run is first found by a list query. */
  private static void indexingLag(WorkflowClient client, WorkflowServiceStubs stubs, String namespace,
      String taskQueue, String batch, double rate, int seconds, ExecutorService pool) throws Exception {
    String prefix = "vb-lag-" + batch + "-";
    Map<String, Long> closedAt = new ConcurrentHashMap<>();
    Map<String, Long> foundAt = new ConcurrentHashMap<>();
    int total = (int) (rate * seconds);
    Thread poller = new Thread(() -> {
      // Newest closes first, one page: at the bench's rates a page of 200 covers far more than the lag, and a
      // poll costs the same whether 10 or 10,000 runs were found before (paging through all of them each time
      // made the poll itself the lag).
      String query = "WorkflowId STARTS_WITH '" + prefix + "' AND ExecutionStatus = 'Completed' ORDER BY CloseTime DESC";
      while (!Thread.currentThread().isInterrupted() && foundAt.size() < total) {
        ListWorkflowExecutionsResponse page = stubs.blockingStub().listWorkflowExecutions(
            ListWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setQuery(query).setPageSize(200).build());
        long now = System.nanoTime();
        page.getExecutionsList().forEach(run -> foundAt.putIfAbsent(run.getExecution().getWorkflowId(), now));
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "visibility-poller");
    poller.start();
    long start = System.nanoTime();
    long intervalNanos = (long) (1_000_000_000L / rate);
    List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String id = prefix + i;
      runs.add(pool.submit(() -> {
        client.newWorkflowStub(Probe.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id)
            .build()).probe();
        closedAt.put(id, System.nanoTime());
      }));
    }
    for (var run : runs) {
      run.get();
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (foundAt.size() < total && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    poller.interrupt();
    long[] lags = closedAt.entrySet().stream().filter(e -> foundAt.containsKey(e.getKey()))
        .mapToLong(e -> Math.max(0, foundAt.get(e.getKey()) - e.getValue())).toArray();
    LatencySummary lag = LatencySummary.ofNanos(lags);
    System.out.printf("indexing lag (client saw the close -> a list query finds it closed), %d runs at %.1f/s:"
        + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; %d never found within 2 min%n",
        lags.length, rate, lag.p50Ms(), lag.p90Ms(), lag.p99Ms(), lag.maxMs(), total - lags.length);
  }

  /** Fills the namespace up to {@code fill} runs of this batch, then times list and count calls. */
  private static void listAndCount(WorkflowClient client, WorkflowServiceStubs stubs, String namespace,
      String taskQueue, String batch, int fill, int calls, ExecutorService pool) throws Exception {
    String prefix = "vb-fill-" + batch + "-";
    Semaphore inFlight = new Semaphore(64);
    List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < fill; i++) {
      inFlight.acquire();
      String id = prefix + i;
      runs.add(pool.submit(() -> {
        try {
          client.newWorkflowStub(Probe.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id)
              .build()).probe();
        } finally {
          inFlight.release();
        }
      }));
    }
    for (var run : runs) {
      run.get();
    }
    double fillSeconds = (System.nanoTime() - start) / 1e9;
    String all = "WorkflowId STARTS_WITH '" + prefix + "'";
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (count(stubs, namespace, all) < fill && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    long indexed = count(stubs, namespace, "");
    System.out.printf("filled %d runs in %.0f s (%.1f/s); the namespace holds %d indexed runs%n", fill, fillSeconds,
        fill / fillSeconds, indexed);
    time("list, page of 100, no query (newest first)", calls, () -> list(stubs, namespace, "", 100));
    time("list, page of 100, WorkflowType = '" + TYPE + "'", calls,
        () -> list(stubs, namespace, "WorkflowType = '" + TYPE + "' AND ExecutionStatus = 'Completed'", 100));
    time("list, page of 100, " + all, calls, () -> list(stubs, namespace, all, 100));
    time("count, no query", calls, () -> count(stubs, namespace, ""));
    time("count, GROUP BY ExecutionStatus", calls, () -> count(stubs, namespace, "GROUP BY ExecutionStatus"));
    time("count, " + all, calls, () -> count(stubs, namespace, all));
  }

  private static void time(String what, int calls, Runnable call) {
    call.run(); // warm
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      call.run();
      nanos[i] = System.nanoTime() - start;
    }
    LatencySummary summary = LatencySummary.ofNanos(nanos);
    System.out.printf("%-70s p50 %6.1f ms  p99 %6.1f ms  (%d calls)%n", what, summary.p50Ms(), summary.p99Ms(), calls);
  }

  private static void list(WorkflowServiceStubs stubs, String namespace, String query, int pageSize) {
    stubs.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder().setNamespace(namespace)
        .setQuery(query).setPageSize(pageSize).build());
  }

  private static long count(WorkflowServiceStubs stubs, String namespace, String query) {
    return stubs.blockingStub().countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
        .setNamespace(namespace).setQuery(query).build()).getCount();
  }
}
