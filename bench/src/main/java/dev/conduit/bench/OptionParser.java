package dev.conduit.bench;

import dev.conduit.bench.measure.WatchedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Turns the command line into {@link BenchOptions}; unknown options and bad values are errors. */
final class OptionParser {
  private final String[] args;
  private int next;

  private String target = BenchOptions.LOCAL_CLUSTER;
  private String targetName;
  private String namespace = "default";
  private boolean reference;
  private int referencePort;
  private List<WatchedProcess> processes;
  private String cassandra = "";
  private String keyspace = "conduit_active";
  private int concurrency = 50;
  private int activities = 5;
  private Duration warmup = Duration.ofSeconds(30);
  private Duration duration = Duration.ofSeconds(20);
  private Duration sequential = Duration.ofSeconds(15);
  private Duration stepDuration = Duration.ofSeconds(10);
  private Double rateStart;
  private double rateFactor = 1.5;
  private int maxSteps = 8;
  private int refineSteps = 2;
  private double kneeFactor = 4;
  private int maxInFlight = 1000;
  private Duration workflowTimeout = Duration.ofSeconds(60);
  private Path out = Path.of(System.getProperty("bench.root", "."), "bench", "results");

  OptionParser(String[] args) {
    this.args = args.clone();
  }

  BenchOptions parse() {
    if (Arrays.asList(args).contains("--quick")) {
      concurrency = 4;
      activities = 2;
      warmup = Duration.ofSeconds(1);
      duration = Duration.ofSeconds(2);
      sequential = Duration.ofSeconds(2);
      stepDuration = Duration.ofSeconds(1);
      maxSteps = 2;
      refineSteps = 1;
    }
    while (next < args.length) {
      String option = args[next++];
      switch (option) {
        case "--quick" -> { }
        case "--target" -> target = addressOrNone(option);
        case "--target-name" -> targetName = value(option);
        case "--namespace" -> namespace = value(option);
        case "--reference" -> reference = true;
        case "--reference-port" -> referencePort = integer(option, 0);
        case "--processes" -> processes = processes(value(option));
        case "--cassandra" -> cassandra = addressOrNone(option);
        case "--keyspace" -> keyspace = value(option);
        case "--concurrency" -> concurrency = integer(option, 1);
        case "--activities" -> activities = integer(option, 1);
        case "--warmup" -> warmup = duration(option);
        case "--duration" -> duration = duration(option);
        case "--sequential" -> sequential = duration(option);
        case "--step-duration" -> stepDuration = duration(option);
        case "--rate-start" -> rateStart = number(option);
        case "--rate-factor" -> rateFactor = number(option);
        case "--max-steps" -> maxSteps = integer(option, 1);
        case "--refine-steps" -> refineSteps = integer(option, 0);
        case "--knee-factor" -> kneeFactor = number(option);
        case "--max-in-flight" -> maxInFlight = integer(option, 1);
        case "--workflow-timeout" -> workflowTimeout = duration(option);
        case "--out" -> out = Path.of(value(option));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    boolean local = BenchOptions.LOCAL_CLUSTER.equals(target);
    if (processes == null) {
      processes = local ? localClusterProcesses() : List.of();
    }
    if (cassandra != null && cassandra.isEmpty()) {
      cassandra = local ? "127.0.0.1:9042" : null;
    }
    if (targetName == null) {
      targetName = local ? "conduit" : target;
    }
    return new BenchOptions(target, targetName, namespace, reference, referencePort, processes, cassandra, keyspace,
        concurrency, activities, warmup, duration, sequential, stepDuration, rateStart, rateFactor, maxSteps,
        refineSteps, kneeFactor, maxInFlight, workflowTimeout, out);
  }

  /** The pid files of the cluster that {@code deploy/bin/conduit up} runs (every host of a role), under the launcher's home. */
  static List<WatchedProcess> localClusterProcesses() {
    String configured = System.getenv("CONDUIT_HOME");
    Path home = configured != null && !configured.isBlank() ? Path.of(configured)
        : "root".equals(System.getProperty("user.name")) ? Path.of("/var/lib/conduit")
        : Path.of(System.getProperty("user.home"), ".conduit");
    Path state = home.resolve("state");
    List<WatchedProcess> list = new ArrayList<>();
    for (String role : List.of("frontend", "history", "matching")) {
      list.add(WatchedProcess.ofPidFile(role, state.resolve("active-" + role).resolve("active-" + role + ".pid")));
      // the further hosts of a role that `conduit up --hosts` started, while they run
      for (int k = 2; k <= 9; k++) {
        Path pidFile = state.resolve("active-" + role + "-" + k).resolve("active-" + role + "-" + k + ".pid");
        if (java.nio.file.Files.isRegularFile(pidFile)) {
          list.add(WatchedProcess.ofPidFile(role + "-" + k, pidFile));
        }
      }
    }
    list.add(WatchedProcess.ofPidFile("cassandra", state.resolve("cassandra").resolve("cassandra.pid")));
    return list;
  }

  /** A duration as the options write it: {@code 500ms}, {@code 20s}, {@code 2m}. */
  static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }

  private String value(String option) {
    if (next >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[next++];
  }

  private static List<WatchedProcess> processes(String spec) {
    if (spec.equals("none")) {
      return List.of();
    }
    return Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(WatchedProcess::parse).toList();
  }

  private String addressOrNone(String option) {
    String value = value(option);
    return value.equals("none") ? null : address(option, value);
  }

  private static String address(String option, String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || !value.substring(colon + 1).matches("\\d{1,5}")) {
      throw new IllegalArgumentException(option + " wants HOST:PORT, got '" + value + "'");
    }
    return value;
  }

  private int integer(String option, int min) {
    String v = value(option);
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new IllegalArgumentException(option + " must be at least " + min + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a whole number, got '" + v + "'");
    }
  }

  private double number(String option) {
    String v = value(option);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a number, got '" + v + "'");
    }
  }

  private Duration duration(String option) {
    String v = value(option).trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a duration like 500ms, 20s or 2m, got '" + v + "'");
    }
  }
}
