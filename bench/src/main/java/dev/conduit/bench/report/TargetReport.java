package dev.conduit.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything measured against one server. The phases ran in this order: warm-up, hello-world
 * throughput, the sequential-activities variant, one-at-a-time latency, open-loop rate steps.
 *
 * @param processes CPU and memory of each followed process from the end of the warm-up to the end
 * @param rpcsPerWorkflow hello-world phase: the SDK client's and worker's calls per workflow, by method
 * @param cassandraWritesPerWorkflowByTable hello-world phase: mutations per workflow in each table, or null
 * @param errors failed or wrong workflow results over all phases, warm-up included
 */
public record TargetReport(
    String name,
    String role,
    String address,
    String namespace,
    PhaseResult warmup,
    PhaseResult throughput,
    int variantActivities,
    PhaseResult throughputActivities,
    PhaseResult sequential,
    OpenLoopResult openLoop,
    List<ProcessUsage> processes,
    Map<String, Double> rpcsPerWorkflow,
    String cassandraKeyspace,
    Map<String, Double> cassandraWritesPerWorkflowByTable,
    int errors) {

  /** The harness's own JVM (SDK client and worker) in {@link #processes}: not part of the server. */
  public static final String HARNESS_PROCESS = "bench-client";

  /** CPU milliseconds per hello-world workflow, summed over the server's processes, or null. */
  public Double serverCpuMsPerWorkflow() {
    if (throughput.cpuSeconds() == null || throughput.started() == 0) {
      return null;
    }
    double cpu = throughput.cpuSeconds().entrySet().stream()
        .filter(e -> !e.getKey().equals(HARNESS_PROCESS))
        .mapToDouble(Map.Entry::getValue).sum();
    boolean any = throughput.cpuSeconds().keySet().stream().anyMatch(k -> !k.equals(HARNESS_PROCESS));
    return any ? Math.round(cpu * 1000 * 100 / throughput.started()) / 100.0 : null;
  }

  /** Peak resident memory summed over the server's processes, in MB, or null. */
  public Double serverPeakRssMb() {
    List<ProcessUsage> server = processes.stream().filter(p -> !p.name().equals(HARNESS_PROCESS)).toList();
    return server.isEmpty() ? null : Math.round(server.stream().mapToDouble(ProcessUsage::peakRssMb).sum() * 10) / 10.0;
  }
}
