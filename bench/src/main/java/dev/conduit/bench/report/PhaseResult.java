package dev.conduit.bench.report;

import dev.conduit.bench.measure.LatencySummary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load phase measured. {@code completed} and {@code throughput} count only workflows that
 * returned the expected result within the measured window; {@code errors} counts failed, timed-out and
 * wrong results over the whole phase, {@code dropped} arrivals an open-loop phase could not start
 * because too many were in flight. Resource figures cover the whole phase, drain included.
 *
 * @param offeredRate arrivals per second of an open-loop phase, null for a closed loop
 * @param cpuSeconds CPU seconds (user + system) each watched process used during the phase
 * @param cassandraWrites mutations applied to the target keyspace's tables during the phase, null when not measured
 */
public record PhaseResult(
    String name,
    Double offeredRate,
    double seconds,
    int started,
    int completed,
    int errors,
    int dropped,
    double throughput,
    LatencySummary latency,
    List<String> errorSamples,
    Map<String, Double> cpuSeconds,
    Long cassandraWrites,
    Double cassandraWritesPerWorkflow) {

  /** The same result with the phase's resource use attached. */
  public PhaseResult withResources(Map<String, Double> cpu, Long writes) {
    Double perWorkflow = writes == null || started == 0 ? null : Math.round(writes * 100.0 / started) / 100.0;
    return new PhaseResult(name, offeredRate, seconds, started, completed, errors, dropped, throughput, latency,
        errorSamples, Collections.unmodifiableMap(new LinkedHashMap<>(cpu)), writes, perWorkflow);
  }

  /** CPU milliseconds a process spent per workflow started in this phase, or null. */
  public Double cpuMsPerWorkflow(String process) {
    Double cpu = cpuSeconds == null ? null : cpuSeconds.get(process);
    return cpu == null || started == 0 ? null : Math.round(cpu * 1000 * 100 / started) / 100.0;
  }
}
