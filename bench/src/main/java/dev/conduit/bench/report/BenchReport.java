package dev.conduit.bench.report;

import dev.conduit.bench.measure.MachineInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A whole benchmark run, as written to JSON: the machine, the settings, each server's results and,
 * when a target and a reference were both measured, the headline figures side by side.
 *
 * @param loadAverageAtEnd the machine's load average when the run ended (the start's is in {@code machine})
 */
public record BenchReport(
    String startedAt,
    String command,
    MachineInfo machine,
    String loadAverageAtEnd,
    List<String> settings,
    List<TargetReport> targets,
    List<Figure> figures) {

  /** The name of the server that had {@code role} in this run, or the role when none had it. */
  public String nameOf(String role) {
    return targets.stream().filter(t -> t.role().equals(role)).map(TargetReport::name).findFirst().orElse(role);
  }

  /** The headline figures of {@code target} next to {@code reference} (either may be null). */
  public static List<Figure> figures(TargetReport target, TargetReport reference) {
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.of("hello-world throughput", "workflows/s",
        value(target, t -> t.throughput().throughput()), value(reference, t -> t.throughput().throughput())));
    String variant = (target != null ? target : reference).variantActivities() + "-activity throughput";
    figures.add(Figure.of(variant, "workflows/s", value(target, t -> t.throughputActivities().throughput()),
        value(reference, t -> t.throughputActivities().throughput())));
    figures.add(Figure.of("one at a time p50", "ms", value(target, t -> t.sequential().latency().p50Ms()),
        value(reference, t -> t.sequential().latency().p50Ms())));
    figures.add(Figure.of("one at a time p99", "ms", value(target, t -> t.sequential().latency().p99Ms()),
        value(reference, t -> t.sequential().latency().p99Ms())));
    figures.add(Figure.of("open-loop knee", "workflows/s", value(target, t -> t.openLoop().kneeRate()),
        value(reference, t -> t.openLoop().kneeRate())));
    figures.add(Figure.of("p99 at the knee", "ms", value(target, t -> t.openLoop().kneeP99Ms()),
        value(reference, t -> t.openLoop().kneeP99Ms())));
    figures.add(Figure.of("server CPU per workflow", "ms", value(target, TargetReport::serverCpuMsPerWorkflow),
        value(reference, TargetReport::serverCpuMsPerWorkflow)));
    figures.add(Figure.of("server peak RSS", "MB", value(target, TargetReport::serverPeakRssMb),
        value(reference, TargetReport::serverPeakRssMb)));
    figures.add(Figure.of("Cassandra writes per workflow", "mutations",
        value(target, t -> t.throughput().cassandraWritesPerWorkflow()),
        value(reference, t -> t.throughput().cassandraWritesPerWorkflow())));
    return figures;
  }

  private static Double value(TargetReport report, Function<TargetReport, Double> figure) {
    return report == null ? null : figure.apply(report);
  }
}
