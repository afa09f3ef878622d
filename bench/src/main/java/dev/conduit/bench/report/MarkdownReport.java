package dev.conduit.bench.report;

import dev.conduit.bench.measure.MachineInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The headline figures as a Markdown table with the machine and the command, ready to paste into
 * {@code docs/performance.md} when the figures are refreshed.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(BenchReport report) {
    StringBuilder md = new StringBuilder();
    MachineInfo machine = report.machine();
    md.append(String.format(Locale.ROOT, "Run %s on %s, %d cores, %d MB, %s; load average %s at start, %s at end.%n%n",
        report.startedAt(), machine.cpuModel(), machine.cpus(), machine.memoryMb(), machine.jvm(),
        machine.loadAverage(), report.loadAverageAtEnd()));
    md.append("```\n").append(report.command()).append("\n```\n\n");
    String target = report.nameOf("target");
    String reference = report.nameOf("reference");
    md.append("| figure | ").append(target).append(" | ").append(reference).append(" | ratio |\n");
    md.append("|---|---:|---:|---:|\n");
    for (Figure f : report.figures()) {
      md.append(String.format(Locale.ROOT, "| %s (%s) | %s | %s | %s |%n", f.name(), f.unit(), num(f.target()),
          num(f.reference()), f.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", f.ratio())));
    }
    md.append('\n');
    report.settings().forEach(line -> md.append("- ").append(line).append('\n'));
    return md.toString();
  }

  public static void write(BenchReport report, Path file) {
    try {
      Files.writeString(file, render(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }


  private static String num(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }
}
