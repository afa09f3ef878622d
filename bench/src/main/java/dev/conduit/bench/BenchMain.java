package dev.conduit.bench;

import dev.conduit.bench.report.TextReport;
import java.util.Arrays;

/**
 * The {@code bench} command: {@code bench [options]} measures a Temporal-API server (see
 * {@link BenchOptions#USAGE}); {@code bench jmh [JMH options]} runs the microbenchmarks; {@code bench visibility
 * [options]} measures indexing lag and list/count latency ({@link dev.conduit.bench.visibility.VisibilityBench});
 * {@code bench shard-move [options]} how fast a killed history host's shards move
 * ({@link dev.conduit.bench.membership.ShardMoveBench}); {@code bench failover [options]} what a forced failover
 * costs between two clusters ({@link dev.conduit.bench.replication.FailoverBench}).
 * Exit status: 0 when the report was written, 1 when the run failed, 2 for a usage error.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("visibility")) {
      dev.conduit.bench.visibility.VisibilityBench.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("shard-move")) {
      dev.conduit.bench.membership.ShardMoveBench.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("failover")) {
      dev.conduit.bench.replication.FailoverBench.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      Bench.Outcome outcome = new Bench(options, System.err).run("bench/bin/bench " + String.join(" ", args));
      TextReport.print(outcome.report(), System.out);
      System.out.println();
      System.out.println("report: " + outcome.json().toAbsolutePath());
      if (outcome.chart() != null) {
        System.out.println("chart:  " + outcome.chart().toAbsolutePath());
      }
      System.exit(0);
    } catch (RuntimeException e) {
      System.err.println("bench: the run failed: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }
}
