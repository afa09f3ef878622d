package dev.conduit.bench.report;

import dev.conduit.bench.measure.MachineInfo;
import dev.conduit.bench.target.TargetSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report as plain text for the terminal: headline figures side by side, then each server's phases. */
public final class TextReport {
  private TextReport() {}

  public static void print(BenchReport report, PrintStream out) {
    out.println();
    out.printf("Benchmark of %s%n", String.join(" and ", report.targets().stream().map(t -> t.name() + " ("
        + t.address() + ")").toList()));
    MachineInfo machine = report.machine();
    out.printf("machine: %s, %d cores, %d MB; load average %s at start, %s at end%n", machine.cpuModel(),
        machine.cpus(), machine.memoryMb(), machine.loadAverage(), report.loadAverageAtEnd());
    report.settings().forEach(line -> out.println("settings: " + line));
    out.println();
    figures(report, out);
    for (TargetReport target : report.targets()) {
      out.println();
      target(target, out);
    }
  }

  private static void figures(BenchReport report, PrintStream out) {
    String left = report.nameOf(TargetSpec.TARGET);
    String right = report.nameOf(TargetSpec.REFERENCE);
    out.printf("%-44s %14s %22s %8s%n", "", left, right, "ratio");
    for (Figure f : report.figures()) {
      out.printf("%-44s %14s %22s %8s%n", f.name() + " (" + f.unit() + ")", num(f.target()), num(f.reference()),
          f.ratio() == null ? "-" : String.format("%.2fx", f.ratio()));
    }
  }

  private static void target(TargetReport t, PrintStream out) {
    out.printf("%s (%s) - %d errors%n", t.name(), t.address(), t.errors());
    out.printf("  %-28s %8s %7s %7s %7s %8s %7s %7s %9s%n", "phase", "wf/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
        "errors", "dropped", "writes/wf");
    for (PhaseResult p : phases(t)) {
      String name = p.offeredRate() == null ? p.name() : String.format("%s @ %.1f/s", p.name(), p.offeredRate());
      out.printf("  %-28s %8.1f %7.1f %7.1f %7.1f %8.1f %7d %7d %9s%n", name, p.throughput(), p.latency().p50Ms(),
          p.latency().p90Ms(), p.latency().p99Ms(), p.latency().maxMs(), p.errors(), p.dropped(),
          num(p.cassandraWritesPerWorkflow()));
      p.errorSamples().forEach(e -> out.println("      error: " + e));
    }
    OpenLoopResult o = t.openLoop();
    out.printf("  knee: %s; %s (a step breaks at p90 > %.0f ms; one at a time p90 %.0f ms)%n",
        o.kneeRate() == null ? "below the first step" : String.format("%.1f workflows/s, p50 %.0f ms, p99 %.0f ms",
            o.kneeRate(), o.kneeP50Ms(), o.kneeP99Ms()),
        o.breakReason() == null ? "no step broke" : String.format("broke at %.1f/s: %s", o.brokeAtRate(),
            o.breakReason()), o.latencyLimitMs(), o.baselineP90Ms());
    for (ProcessUsage p : t.processes()) {
      out.printf("  process %-14s pid %-8d CPU %7.1f s  peak RSS %7.1f MB  (lifetime peak %.1f MB)%s%n", p.name(),
          p.pid(), p.cpuSeconds(), p.peakRssMb(), p.lifetimePeakRssMb(), p.note() == null ? "" : "  " + p.note());
    }
    out.println("  SDK calls per hello-world workflow: " + t.rpcsPerWorkflow());
    Map<String, Double> byTable = t.cassandraWritesPerWorkflowByTable();
    if (byTable != null) {
      out.println("  Cassandra mutations per hello-world workflow in " + t.cassandraKeyspace() + ": " + byTable);
    }
  }


  static List<PhaseResult> phases(TargetReport t) {
    List<PhaseResult> phases = new ArrayList<>(List.of(t.warmup(), t.throughput(), t.throughputActivities(),
        t.sequential()));
    phases.addAll(t.openLoop().steps());
    return phases;
  }

  private static String num(Double value) {
    return value == null ? "-" : String.format("%.1f", value);
  }
}
