package dev.conduit.bench.replication;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench failover [--active HOST:PORT] [--standby HOST:PORT] [--rounds N] [--behind SECONDS] [--runs N]
 * [--state DIR]}: what a forced failover costs, against two clusters from {@code deploy/bin/conduit up --clusters
 * active,standby}. Works on a global namespace of its own, with no worker (runs wait for their first workflow task).
 *
 * <p>Failover time: each round fails the namespace over to the other cluster through that cluster's frontend (as an
 * operator does when the active data center is gone), then starts a run there every 10 ms until that cluster
 * takes it itself (calls carry {@code xdc-redirection: false}, so nothing is forwarded; the run's first event must
 * carry the new failover version). Prints each round and p50/max from the request to that first write.
 *
 * <p>Events lost with the standby behind: {@code --runs} runs on the active take a stream of signals (each with a
 * unique payload, 20 per second) while the standby's replication process is stopped (SIGSTOP, by its pid file under
 * {@code --state}) for {@code --behind} seconds; then the namespace is failed over to the standby, every run gets one
 * signal there, the standby's replication resumes (SIGCONT) and both clusters converge. Prints how many events and
 * acknowledged signals the standby did not have when it took over, how many of those signals the final histories
 * hold (reapplied by conflict resolution), and how many are lost.
 */
public final class FailoverBench {
  private static final String TASK_QUEUE = "bench-failover";
  private static final long CONVERGE_MS = 120_000;

  private final Map<String, WorkflowServiceStubs> clusters = new HashMap<>();
  private final String namespace = "bench-failover-" + System.currentTimeMillis();

  private FailoverBench() {}

  public static void run(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    FailoverBench bench = new FailoverBench();
    bench.clusters.put("active", stubs(options.getOrDefault("active", "127.0.0.1:7233")));
    bench.clusters.put("standby", stubs(options.getOrDefault("standby", "127.0.0.1:8233")));
    Path state = Path.of(options.getOrDefault("state", System.getenv().getOrDefault("CONDUIT_HOME", "/var/lib/conduit") + "/state"));
    try {
      bench.register();
      bench.failoverTimes(Integer.parseInt(options.getOrDefault("rounds", "10")));
      bench.lossWhileBehind(Integer.parseInt(options.getOrDefault("behind", "5")),
          Integer.parseInt(options.getOrDefault("runs", "20")), state.resolve("standby-replication").resolve("standby-replication.pid"));
    } finally {
      bench.clusters.values().forEach(WorkflowServiceStubs::shutdownNow);
    }
  }

  /**
   * Calls that {@code cluster}'s frontend answers itself ({@code xdc-redirection: false}, as a forwarded call): a write
   * it does not take yet is refused rather than forwarded, a read is answered from its own copy.
   */
  private WorkflowServiceGrpc.WorkflowServiceBlockingStub stub(String cluster) {
    Metadata ownCopy = new Metadata();
    ownCopy.put(Metadata.Key.of("xdc-redirection", Metadata.ASCII_STRING_MARSHALLER), "false");
    return clusters.get(cluster).blockingStub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ownCopy));
  }

  private static WorkflowServiceStubs stubs(String target) {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
  }

  private void register() throws InterruptedException {
    stub("active").registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(namespace)
        .setIsGlobalNamespace(true).setActiveClusterName("active")
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("active"))
        .addClusters(ClusterReplicationConfig.newBuilder().setClusterName("standby"))
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1)).build());
    awaitActiveOnBoth("active");
    System.out.printf("namespace %s registered on active, replicated to standby%n", namespace);
  }

  private void failoverTimes(int rounds) throws InterruptedException {
    List<Long> times = new ArrayList<>();
    String active = "active";
    for (int round = 1; round <= rounds; round++) {
      String target = active.equals("active") ? "standby" : "active";
      long requested = System.nanoTime();
      long version = failover(target);
      int tries = 0;
      while (true) {
        tries++;
        WorkflowExecution run = tryStart(target, "probe-" + round + "-" + tries);
        if (run != null && firstEventVersion(target, run) == version) {
          break;
        }
        Thread.sleep(10);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requested);
      times.add(millis);
      System.out.printf("round %d: failover to %s (version %d) -> first run written there after %d ms (%d starts)%n",
          round, target, version, millis, tries);
      active = target;
      awaitActiveOnBoth(active);
    }
    if (!active.equals("active")) {
      failover("active");
      awaitActiveOnBoth("active");
    }
    Collections.sort(times);
    System.out.printf("forced failover, request to the first write on the new active: p50 %d ms, max %d ms over %d%n",
        times.get((times.size() - 1) / 2), times.get(times.size() - 1), times.size());
  }

  private void lossWhileBehind(int behindSeconds, int runs, Path replicationPid) throws Exception {
    List<WorkflowExecution> executions = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      executions.add(start("active", "behind-" + i + "-" + UUID.randomUUID()));
    }
    Set<String> acked = new HashSet<>();
    int sequence = 0;
    for (; sequence < runs; sequence++) { // one signal each, replicated before the standby stops
      acked.add(signal("active", executions.get(sequence), "before-" + sequence));
    }
    awaitConverged(executions);
    long pid = Long.parseLong(Files.readString(replicationPid).strip());
    Set<String> whileBehind = new HashSet<>();
    Map<String, Integer> standbyHad = new HashMap<>();
    new ProcessBuilder("kill", "-STOP", Long.toString(pid)).inheritIO().start().waitFor();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(behindSeconds);
      while (System.nanoTime() < until) {
        String payload = "behind-" + sequence;
        whileBehind.add(signal("active", executions.get(sequence % runs), payload));
        sequence++;
        Thread.sleep(50);
      }
      int eventsAtRisk = 0;
      for (WorkflowExecution run : executions) {
        int onStandby = history("standby", run).size();
        standbyHad.put(run.getRunId(), onStandby);
        eventsAtRisk += history("active", run).size() - onStandby;
      }
      long version = failover("standby");
      for (WorkflowExecution run : executions) {
        awaitSignal("standby", run, "after-" + run.getRunId());
      }
      System.out.printf("standby %d s behind: it lacked %d events of %d runs, %d of them acknowledged signals; failed over"
          + " to it (version %d), one signal per run written there%n", behindSeconds, eventsAtRisk, runs, whileBehind.size(), version);
    } finally {
      new ProcessBuilder("kill", "-CONT", Long.toString(pid)).inheritIO().start().waitFor();
    }
    awaitActiveOnBoth("standby");
    awaitConverged(executions);
    Set<String> kept = new HashSet<>();
    for (WorkflowExecution run : executions) {
      for (HistoryEvent event : history("standby", run)) {
        if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
          kept.add(event.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloads(0).getData().toStringUtf8());
        }
      }
    }
    long reapplied = whileBehind.stream().filter(kept::contains).count();
    long lostBefore = acked.stream().filter(payload -> !kept.contains(payload)).count();
    System.out.printf("after convergence: %d of the %d signals the standby lacked are in the final histories"
        + " (reapplied), %d lost; %d of the %d signals replicated before the fault lost%n",
        reapplied, whileBehind.size(), whileBehind.size() - reapplied, lostBefore, acked.size());
    failover("active");
    awaitActiveOnBoth("active");
  }

  /** Fails the namespace over to {@code target} through its own frontend; returns the new failover version. */
  private long failover(String target) {
    return stub(target).updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
        .setReplicationConfig(NamespaceReplicationConfig.newBuilder().setActiveClusterName(target)).build())
        .getFailoverVersion();
  }

  private void awaitActiveOnBoth(String cluster) throws InterruptedException {
    long deadline = System.currentTimeMillis() + CONVERGE_MS;
    while (true) {
      boolean both = true;
      for (String name : clusters.keySet()) {
        try {
          both &= stub(name).describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
              .getReplicationConfig().getActiveClusterName().equals(cluster);
        } catch (StatusRuntimeException e) {
          both = false;
        }
      }
      if (both) {
        Thread.sleep(2_500); // every host's namespace cache has refreshed (2 s)
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("namespace " + namespace + " not active in " + cluster + " on both clusters");
      }
      Thread.sleep(100);
    }
  }

  /** A start on {@code cluster}; null when the cluster does not take writes for the namespace yet. */
  private WorkflowExecution tryStart(String cluster, String workflowId) {
    try {
      return start(cluster, workflowId);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION || e.getStatus().getCode() == Status.Code.UNAVAILABLE
          || e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private WorkflowExecution start(String cluster, String workflowId) {
    String runId = stub(cluster).startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace).setWorkflowId(workflowId).setRequestId(UUID.randomUUID().toString())
        .setWorkflowType(WorkflowType.newBuilder().setName("Probe"))
        .setTaskQueue(TaskQueue.newBuilder().setName(TASK_QUEUE))
        .setWorkflowExecutionTimeout(Durations.fromMinutes(10)).build()).getRunId();
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
  }

  private String signal(String cluster, WorkflowExecution run, String payload) {
    stub(cluster).signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace).setWorkflowExecution(run).setSignalName("bench").setRequestId(UUID.randomUUID().toString())
        .setInput(Payloads.newBuilder().addPayloads(Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom("\"" + payload + "\"", StandardCharsets.UTF_8))))
        .build());
    return "\"" + payload + "\"";
  }

  /** Signals {@code run} on {@code cluster} once it takes writes (its namespace cache may still say standby). */
  private void awaitSignal(String cluster, WorkflowExecution run, String payload) throws InterruptedException {
    long deadline = System.currentTimeMillis() + CONVERGE_MS;
    while (true) {
      try {
        signal(cluster, run, payload);
        return;
      } catch (StatusRuntimeException e) {
        if (System.currentTimeMillis() > deadline || e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Waits until every run's history is the same on both clusters, event by event. */
  private void awaitConverged(List<WorkflowExecution> runs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + CONVERGE_MS;
    for (WorkflowExecution run : runs) {
      while (!history("active", run).equals(history("standby", run))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("run " + run.getWorkflowId() + " differs between the clusters after "
              + CONVERGE_MS + " ms");
        }
        Thread.sleep(200);
      }
    }
  }

  private long firstEventVersion(String cluster, WorkflowExecution run) {
    List<HistoryEvent> events = history(cluster, run);
    return events.isEmpty() ? -1 : events.get(0).getVersion();
  }

  private List<HistoryEvent> history(String cluster, WorkflowExecution run) {
    List<HistoryEvent> events = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page;
      try {
        page = stub(cluster).getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest
            .newBuilder().setNamespace(namespace).setExecution(run).setNextPageToken(token).build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          return List.of();
        }
        throw e;
      }
      events.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return events;
  }
}
