package dev.conduit.bench.report;

/**
 * One server process over a benchmark run.
 *
 * @param cpuSeconds user + system CPU seconds the process used during the run
 * @param peakRssMb the highest resident set seen by sampling during the run
 * @param lifetimePeakRssMb the kernel's VmHWM at the end: the peak since the process started, maybe before the run
 * @param note why the figures are incomplete (the process exited or was restarted), or null
 */
public record ProcessUsage(String name, long pid, double cpuSeconds, double peakRssMb, double lifetimePeakRssMb,
    String note) {}
