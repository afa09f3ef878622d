package dev.conduit.bench;

import dev.conduit.bench.load.Progress;
import dev.conduit.bench.load.TargetRunner;
import dev.conduit.bench.measure.MachineInfo;
import dev.conduit.bench.measure.WatchedProcess;
import dev.conduit.bench.report.BenchReport;
import dev.conduit.bench.report.ChartReport;
import dev.conduit.bench.report.JsonReport;
import dev.conduit.bench.report.MarkdownReport;
import dev.conduit.bench.report.TargetReport;
import dev.conduit.bench.target.ReferenceServer;
import dev.conduit.bench.target.TargetSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark run: the target first, then (with {@code --reference}) Temporal's test server started on
 * loopback, each measured alone so they never compete for the machine; then the report as JSON and PNG.
 */
public final class Bench {
  private static final Duration REFERENCE_START_TIMEOUT = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final PrintStream log;

  public Bench(BenchOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** What a run wrote: the report, and where its JSON and chart went (chart null when it could not be drawn). */
  public record Outcome(BenchReport report, Path json, Path chart) {}

  public Outcome run(String command) {
    LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    MachineInfo machine = MachineInfo.capture();
    List<TargetReport> targets = new ArrayList<>();
    TargetReport target = null;
    TargetReport reference = null;
    try (Progress progress = new Progress(log, Duration.ofSeconds(2))) {
      TargetRunner runner = new TargetRunner(options, progress);
      if (options.target() != null) {
        target = runner.run(new TargetSpec(options.targetName(), TargetSpec.TARGET, options.target(),
            options.namespace(), options.processes(), options.cassandra(), options.keyspace()));
        targets.add(target);
      }
      if (options.reference()) {
        progress.note("starting Temporal's test server (io.temporal:temporal-test-server) on loopback");
        try (ReferenceServer server = ReferenceServer.start(options.referencePort(),
            options.out().resolve("reference-server.log"), REFERENCE_START_TIMEOUT)) {
          reference = runner.run(new TargetSpec("temporal-test-server", TargetSpec.REFERENCE, server.address(),
              options.namespace(), List.of(WatchedProcess.ofPid("test-server", server.pid())), null, null));
          targets.add(reference);
        }
      }
    }
    BenchReport report = new BenchReport(started + "Z", command, machine, MachineInfo.currentLoadAverage(),
        options.describe(), targets, BenchReport.figures(target, reference));
    return write(report, started);
  }

  private Outcome write(BenchReport report, LocalDateTime started) {
    String stamp = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path json = options.out().resolve("report-" + stamp + ".json");
    JsonReport.write(report, json);
    copy(json, options.out().resolve("latest.json"));
    MarkdownReport.write(report, options.out().resolve("latest.md"));
    Path chart = options.out().resolve("report-" + stamp + ".png");
    try {
      ChartReport.write(report, chart);
      copy(chart, options.out().resolve("latest.png"));
    } catch (RuntimeException | LinkageError e) {
      // a machine without fonts cannot draw text; the figures are in the JSON all the same
      log.println("bench: could not draw the chart: " + e);
      chart = null;
    }
    return new Outcome(report, json, chart);
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
