package dev.conduit.bench.load;

import dev.conduit.bench.BenchOptions;
import dev.conduit.bench.measure.CassandraWrites;
import dev.conduit.bench.measure.ProcessSampler;
import dev.conduit.bench.measure.WatchedProcess;
import dev.conduit.bench.report.OpenLoopResult;
import dev.conduit.bench.report.PhaseResult;
import dev.conduit.bench.report.ProcessUsage;
import dev.conduit.bench.report.TargetReport;
import dev.conduit.bench.target.TargetSpec;
import dev.conduit.bench.workload.SdkSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs every phase against one server and measures its processes and Cassandra while they run:
 * warm-up, hello-world throughput, the sequential-activities variant, one-at-a-time latency, then
 * open-loop rate steps from a fraction of the measured throughput until latency breaks.
 */
public final class TargetRunner {
  private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);

  private final BenchOptions options;
  private final Progress progress;

  public TargetRunner(BenchOptions options, Progress progress) {
    this.options = options;
    this.progress = progress;
  }

  public TargetReport run(TargetSpec spec) {
    progress.note(spec.name() + ": connecting to " + spec.address() + " (namespace " + spec.namespace() + ")");
    Duration drain = options.workflowTimeout().plusSeconds(15);
    try (SdkSession session = SdkSession.open(spec.address(), spec.namespace(), options.concurrency(),
        options.workflowTimeout());
         CassandraWrites cassandra = connectCassandra(spec)) {
      LoadContext context = new LoadContext(session, progress, spec.name(), drain);
      PhaseResult warmup = warmUp(context, spec);
      List<WatchedProcess> watched = new ArrayList<>(spec.processes());
      watched.add(WatchedProcess.ofPid(TargetReport.HARNESS_PROCESS, ProcessHandle.current().pid()));
      try (ProcessSampler sampler = new ProcessSampler(watched, SAMPLE_INTERVAL, progress::note)) {
        Measured measured = new Measured(sampler, cassandra);
        Duration ramp = ramp(options.duration());
        Map<String, Long> rpcsBefore = session.rpcs().snapshot();
        PhaseResult hello = measured.phase(() ->
            ClosedLoop.run(context, "throughput", options.concurrency(), 1, ramp, options.duration()));
        Map<String, Double> rpcs = session.rpcs().perWorkflowSince(rpcsBefore, hello.started());
        Map<String, Double> perTable = measured.lastPerWorkflowByTable(hello.started());
        PhaseResult variant = measured.phase(() -> ClosedLoop.run(context, "throughput-" + options.activities()
            + "-activities", options.concurrency(), options.activities(), ramp, options.duration()));
        PhaseResult sequential = measured.phase(() ->
            ClosedLoop.run(context, "one-at-a-time", 1, 1, Duration.ZERO, options.sequential()));
        double startRate = options.rateStart() != null ? options.rateStart()
            : Math.max(1, Math.round(hello.throughput() * 0.4 * 10) / 10.0);
        Knee knee = new Knee(sequential.latency().p90Ms(), options.kneeFactor());
        OpenLoopResult openLoop = new RateSteps(context, knee, options.stepDuration(), options.maxInFlight(),
            measured::phase).run(startRate, options.rateFactor(), options.maxSteps(), options.refineSteps());
        List<ProcessUsage> usage = sampler.finish();
        int errors = warmup.errors() + hello.errors() + variant.errors() + sequential.errors()
            + openLoop.steps().stream().mapToInt(PhaseResult::errors).sum();
        return new TargetReport(spec.name(), spec.role(), spec.address(), spec.namespace(), warmup, hello,
            options.activities(), variant, sequential, openLoop, usage, rpcs,
            cassandra == null ? null : spec.keyspace(), perTable, errors);
      }
    }
  }

  /** The warm-up; a server that fails every workflow of it is not worth measuring further. */
  private PhaseResult warmUp(LoadContext context, TargetSpec spec) {
    PhaseResult warmup = ClosedLoop.run(context, "warmup", options.concurrency(), 1, Duration.ZERO, options.warmup());
    if (warmup.errors() > 0 && warmup.errors() >= warmup.started()) {
      throw new IllegalStateException(spec.name() + " at " + spec.address() + " failed every workflow of the "
          + "warm-up, so there is nothing to measure; errors: " + warmup.errorSamples());
    }
    return warmup;
  }

  /** Time for a closed loop to reach its concurrency before the window opens. */
  private static Duration ramp(Duration duration) {
    Duration quarter = duration.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(2)) < 0 ? quarter : Duration.ofSeconds(2);
  }

  private CassandraWrites connectCassandra(TargetSpec spec) {
    if (spec.cassandra() == null) {
      return null;
    }
    try {
      return CassandraWrites.connect(spec.cassandra(), spec.keyspace());
    } catch (RuntimeException e) {
      progress.note(spec.name() + ": cannot read Cassandra's counters at " + spec.cassandra() + " ("
          + e.getMessage() + "); writes per workflow not measured");
      return null;
    }
  }

  /** Attaches each phase's CPU use and Cassandra writes to its result. */
  private final class Measured {
    private final ProcessSampler sampler;
    private final CassandraWrites cassandra;
    private Map<String, Long> lastByTable = Map.of();

    Measured(ProcessSampler sampler, CassandraWrites cassandra) {
      this.sampler = sampler;
      this.cassandra = cassandra;
    }

    PhaseResult phase(Supplier<PhaseResult> run) {
      Map<String, Double> cpu = sampler.cpuSeconds();
      Map<String, Long> writesBefore = readWrites();
      PhaseResult result = run.get();
      Map<String, Double> used = sampler.cpuSecondsSince(cpu);
      Long writes = null;
      if (writesBefore != null) {
        try {
          lastByTable = cassandra.since(writesBefore);
          writes = lastByTable.values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
          progress.note("cannot read Cassandra's counters (" + e.getMessage() + "); this phase's writes not measured");
        }
      }
      return result.withResources(used, writes);
    }

    /** The last phase's writes per table, divided by its workflows; null when not measured. */
    Map<String, Double> lastPerWorkflowByTable(int workflows) {
      if (cassandra == null || workflows == 0) {
        return null;
      }
      Map<String, Double> perWorkflow = new TreeMap<>();
      lastByTable.forEach((table, n) -> perWorkflow.put(table, Math.round(n * 100.0 / workflows) / 100.0));
      return perWorkflow;
    }

    private Map<String, Long> readWrites() {
      if (cassandra == null) {
        return null;
      }
      try {
        return cassandra.byTable();
      } catch (RuntimeException e) {
        progress.note("cannot read Cassandra's counters (" + e.getMessage() + "); this phase's writes not measured");
        return null;
      }
    }
  }
}
