package dev.conduit.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws the report as one PNG of four charts: throughput, one-at-a-time latency, open-loop latency
 * against offered rate (where the knee shows), and server CPU per workflow by process.
 */
public final class ChartReport {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private ChartReport() {}

  public static void write(BenchReport report, Path file) {
    System.setProperty("java.awt.headless", "true");
    List<Chart<?, ?>> charts = List.of(throughput(report), sequential(report), openLoop(report), cpu(report));
    try {
      BitmapEncoder.saveBitmap(charts, 2, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static CategoryChart throughput(BenchReport report) {
    CategoryChart chart = category("Throughput, " + concurrency(report), "workflows/s");
    for (TargetReport t : report.targets()) {
      chart.addSeries(t.name(), List.of("hello world", t.variantActivities() + " activities"),
          List.of(t.throughput().throughput(), t.throughputActivities().throughput()));
    }
    return chart;
  }

  private static CategoryChart sequential(BenchReport report) {
    CategoryChart chart = category("Start-to-result latency, one at a time", "ms");
    for (TargetReport t : report.targets()) {
      var l = t.sequential().latency();
      chart.addSeries(t.name(), List.of("p50", "p90", "p99", "max"), List.of(l.p50Ms(), l.p90Ms(), l.p99Ms(), l.maxMs()));
    }
    return chart;
  }

  private static XYChart openLoop(BenchReport report) {
    List<String> knees = report.targets().stream().map(t -> t.name() + " knee " + (t.openLoop().kneeRate() == null
        ? "< first step" : String.format("%.1f/s", t.openLoop().kneeRate()))).toList();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Open loop: " + String.join(", ", knees)).xAxisTitle("offered workflows/s")
        .yAxisTitle("start-to-result ms" + (logarithmic(report) ? " (log scale)" : "")).build();
    chart.getStyler().setYAxisLogarithmic(logarithmic(report)).setLegendPosition(LegendPosition.OutsideS);
    for (TargetReport t : report.targets()) {
      List<PhaseResult> steps = t.openLoop().steps().stream().filter(s -> s.latency().count() > 0).toList();
      if (steps.isEmpty()) {
        continue;
      }
      List<Double> rates = steps.stream().map(PhaseResult::offeredRate).toList();
      // p90 decides where a step breaks (see Knee); p50 shows whether the median moved with it
      chart.addSeries(t.name() + " p90", rates, steps.stream().map(s -> Math.max(0.1, s.latency().p90Ms())).toList());
      chart.addSeries(t.name() + " p50", rates, steps.stream().map(s -> Math.max(0.1, s.latency().p50Ms())).toList());
    }
    return chart;
  }

  /** A log scale once latencies span more than 20x, as they do past the knee. */
  private static boolean logarithmic(BenchReport report) {
    var latencies = report.targets().stream().flatMap(t -> t.openLoop().steps().stream())
        .filter(s -> s.latency().count() > 0).toList();
    double min = latencies.stream().mapToDouble(s -> s.latency().p50Ms()).min().orElse(1);
    double max = latencies.stream().mapToDouble(s -> s.latency().p90Ms()).max().orElse(1);
    return max > 20 * Math.max(min, 0.1);
  }

  private static CategoryChart cpu(BenchReport report) {
    CategoryChart chart = category("CPU per hello-world workflow, by process", "ms");
    Set<String> processes = new LinkedHashSet<>();
    report.targets().forEach(t -> processes.addAll(t.throughput().cpuSeconds().keySet()));
    if (processes.remove(TargetReport.HARNESS_PROCESS)) {
      processes.add(TargetReport.HARNESS_PROCESS); // the SDK client and worker last: not a server process
    }
    for (TargetReport t : report.targets()) {
      List<Double> values = new ArrayList<>();
      for (String process : processes) {
        Double ms = t.throughput().cpuMsPerWorkflow(process);
        values.add(ms == null ? 0.0 : ms);
      }
      chart.addSeries(t.name(), new ArrayList<>(processes), values);
    }
    return chart;
  }

  private static CategoryChart category(String title, String yAxis) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yAxis).build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    return chart;
  }

  private static String concurrency(BenchReport report) {
    return report.settings().isEmpty() ? "" : report.settings().get(0).split(",")[0];
  }
}
