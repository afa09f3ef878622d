package dev.conduit.bench.report;

/**
 * One headline figure of the target next to the reference. {@code ratio} is target / reference (for
 * throughput higher is better, for latency and CPU lower is better), null when either side is missing.
 */
public record Figure(String name, String unit, Double target, Double reference, Double ratio) {

  public static Figure of(String name, String unit, Double target, Double reference) {
    Double ratio = target == null || reference == null || reference == 0 ? null
        : Math.round(target / reference * 100) / 100.0;
    return new Figure(name, unit, target, reference, ratio);
  }
}
