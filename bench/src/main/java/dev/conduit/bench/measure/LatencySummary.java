package dev.conduit.bench.measure;

import java.util.Arrays;

/**
 * Percentiles of a set of start-to-result latencies, in milliseconds (nearest-rank: p99 is a latency
 * some workflow really had). Empty when nothing completed.
 */
public record LatencySummary(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** Summarizes latencies given in nanoseconds; the array is sorted in place. */
  public static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    Arrays.sort(nanos);
    double sum = 0;
    for (long n : nanos) {
      sum += n;
    }
    return new LatencySummary(nanos.length, ms(percentile(nanos, 50)), ms(percentile(nanos, 90)),
        ms(percentile(nanos, 99)), ms(nanos[nanos.length - 1]), round(sum / nanos.length / 1e6));
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ms(long nanos) {
    return round(nanos / 1e6);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
