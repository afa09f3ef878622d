package dev.conduit.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A server process whose CPU and memory the harness follows, named for the report and found either by
 * a pid file (read when the run starts, so a restarted service is found again) or by a fixed pid.
 */
public record WatchedProcess(String name, Path pidFile, Long pid) {

  public static WatchedProcess ofPidFile(String name, Path pidFile) {
    return new WatchedProcess(name, pidFile, null);
  }

  public static WatchedProcess ofPid(String name, long pid) {
    return new WatchedProcess(name, null, pid);
  }

  /**
   * Parses {@code NAME=PIDFILE} or {@code NAME=PID}.
   *
   * @throws IllegalArgumentException when the spec has no name
   */
  public static WatchedProcess parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException("process '" + spec + "' is not NAME=PIDFILE or NAME=PID");
    }
    String name = spec.substring(0, eq).trim();
    String where = spec.substring(eq + 1).trim();
    return where.matches("\\d+") ? ofPid(name, Long.parseLong(where)) : ofPidFile(name, Path.of(where));
  }

  /** The pid now, or empty when the pid file is missing or unreadable. */
  public OptionalLong resolve() {
    if (pid != null) {
      return OptionalLong.of(pid);
    }
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Where the pid comes from, for messages. */
  public String source() {
    return pid != null ? "pid " + pid : pidFile.toString();
  }
}
