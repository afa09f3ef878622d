package dev.conduit.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run measured on, so figures are never quoted without it: CPU model and count, memory,
 * kernel, JVM, and the load average when the run started (other work on the machine skews results).
 */
public record MachineInfo(String cpuModel, int cpus, long memoryMb, String os, String jvm, String loadAverage) {

  public static MachineInfo capture() {
    return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryMb(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), currentLoadAverage());
  }

  /** The 1, 5 and 15 minute load averages, from {@code /proc/loadavg}. */
  public static String currentLoadAverage() {
    String line = read("/proc/loadavg");
    if (line.isEmpty()) {
      return "unknown";
    }
    String[] f = line.trim().split("\\s+");
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static String readCpuModel() {
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return System.getProperty("os.arch");
  }

  private static long readMemoryMb() {
    for (String line : read("/proc/meminfo").split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return 0;
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "";
    }
  }
}
