package dev.conduit.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One reading of a Linux process from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}: CPU time
 * (user + system), start time (to notice a pid taken over by a new process) and resident memory.
 *
 * @param cpuTicks utime + stime in clock ticks
 * @param startTicks the process's start time in clock ticks after boot
 * @param rssKb current resident set (VmRSS)
 * @param hwmKb the process's lifetime peak resident set (VmHWM)
 */
public record ProcStat(long pid, long cpuTicks, long startTicks, long rssKb, long hwmKb) {

  /** Reads the process, or empty when it does not exist (any more). */
  public static Optional<ProcStat> read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) may hold spaces and parentheses: fields 3.. follow the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long utime = Long.parseLong(f[14 - 3]);
      long stime = Long.parseLong(f[15 - 3]);
      long startTime = Long.parseLong(f[22 - 3]);
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      return Optional.of(new ProcStat(pid, utime + stime, startTime, kb(status, "VmRSS:"), kb(status, "VmHWM:")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static long kb(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }
}
