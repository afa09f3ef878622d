package dev.conduit.bench;

import dev.conduit.bench.measure.WatchedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's settings, parsed once from the command line and checked. {@link #USAGE} documents each
 * option; {@link OptionParser} does the parsing.
 *
 * @param target host:port of the server under test, or null to measure only the reference
 * @param processes the target's processes to follow; defaults to the local cluster's when the target is
 *     the local cluster's address
 * @param cassandra host:port of the target's Cassandra, or null when its writes are not counted
 * @param rateStart first open-loop arrival rate, or null for 40% of the measured hello-world throughput
 */
public record BenchOptions(
    String target,
    String targetName,
    String namespace,
    boolean reference,
    int referencePort,
    List<WatchedProcess> processes,
    String cassandra,
    String keyspace,
    int concurrency,
    int activities,
    Duration warmup,
    Duration duration,
    Duration sequential,
    Duration stepDuration,
    Double rateStart,
    double rateFactor,
    int maxSteps,
    int refineSteps,
    double kneeFactor,
    int maxInFlight,
    Duration workflowTimeout,
    Path out) {

  /** Where SDK clients reach the cluster that {@code deploy/bin/conduit up} runs. */
  public static final String LOCAL_CLUSTER = "127.0.0.1:7233";

  public static final String USAGE = """
      usage: bench/bin/bench [options]          measure a Temporal-API server (and the reference)
             bench/bin/bench jmh [JMH options]  microbenchmarks of the server's hot paths

      Target
        --target HOST:PORT      server under test (default %s, the local cluster); 'none': reference only
        --target-name NAME      its name in the report (default: conduit for the local cluster, else the address)
        --namespace NS          namespace to run in (default: default)
        --reference             also start Temporal's in-memory test server on loopback, measure it the same
                                way, and report the target/reference ratios
        --reference-port PORT   its port (default: a free one)
      Resources
        --processes LIST        the target's processes, NAME=PIDFILE or NAME=PID, comma-separated, or 'none'
                                (default for the local cluster: frontend, history, matching (every host
                                that up --hosts started), cassandra from their pid files under $CONDUIT_HOME/state)
        --cassandra HOST:PORT   the target's Cassandra, to count writes per workflow, or 'none'
                                (default for the local cluster: 127.0.0.1:9042)
        --keyspace NAME         the keyspace whose writes count (default: conduit_active)
      Load
        --concurrency N         workflows in flight in the throughput phases (default 50)
        --activities N          activities of the sequential-activities variant (default 5)
        --warmup DURATION       warm-up before measuring, per server (default 30s: the JIT of every JVM)
        --duration DURATION     each throughput phase (default 20s)
        --sequential DURATION   the one-at-a-time latency phase (default 15s)
        --step-duration D       each open-loop rate step (default 10s)
        --rate-start R          first open-loop rate in workflows/s (default: 40%% of hello-world throughput)
        --rate-factor F         each next step's rate is F times the last until one breaks, or 1/F times
                                while they break (default 1.5)
        --max-steps N           such steps at most (default 8)
        --refine-steps N        then bisect between the last healthy and the broken rate N times (default 2)
        --knee-factor F         a step breaks when its p90 exceeds F times the one-at-a-time p90 (and 50 ms),
                                more than 1%% of it failed, or it completed under 90%% of the rate (default 4)
        --max-in-flight N       open-loop arrivals beyond this many in flight are dropped (default 1000)
        --workflow-timeout D    a workflow not done by then is an error (default 60s)
        --quick                 a tiny load, a few seconds per server: checks the harness, not the server
      Output
        --out DIR               where report-<time>.json/.png go, copied to latest.json/.png, and latest.md,
                                the figures as a Markdown table (default bench/results)
      Durations: 500ms, 20s, 2m.
      """.formatted(LOCAL_CLUSTER);

  public BenchOptions {
    processes = List.copyOf(processes);
    require(target != null || reference, "nothing to measure: --target none needs --reference");
    require(concurrency >= 1, "--concurrency must be at least 1");
    require(activities >= 1, "--activities must be at least 1");
    require(rateStart == null || rateStart > 0, "--rate-start must be positive");
    require(rateFactor > 1, "--rate-factor must be greater than 1");
    require(maxSteps >= 1, "--max-steps must be at least 1");
    require(refineSteps >= 0, "--refine-steps must not be negative");
    require(kneeFactor > 1, "--knee-factor must be greater than 1");
    require(maxInFlight >= 1, "--max-in-flight must be at least 1");
    for (Duration d : List.of(duration, sequential, stepDuration, workflowTimeout)) {
      require(!d.isNegative() && !d.isZero(), "durations must be positive");
    }
    require(!warmup.isNegative(), "--warmup must not be negative");
  }

  /** Parses the command line; throws {@link IllegalArgumentException} with a message for the user. */
  public static BenchOptions parse(String... args) {
    return new OptionParser(args).parse();
  }

  /** The settings as the report shows them. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("concurrency " + concurrency + ", " + activities + " activities in the variant");
    lines.add("warm-up " + OptionParser.format(warmup) + ", throughput phases " + OptionParser.format(duration)
        + ", sequential " + OptionParser.format(sequential) + ", rate steps " + OptionParser.format(stepDuration));
    lines.add("rate steps from " + (rateStart == null ? "40% of throughput" : rateStart + "/s") + ", x" + rateFactor
        + " (at most " + maxSteps + ") then " + refineSteps + " bisections; a step breaks at p90 > " + kneeFactor
        + "x one-at-a-time p90 (50 ms at least), >1% errors or <90% of the offered rate completed");
    return lines;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
