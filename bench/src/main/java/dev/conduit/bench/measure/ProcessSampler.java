package dev.conduit.bench.measure;

import dev.conduit.bench.report.ProcessUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the CPU time and resident memory of server processes through {@code /proc} while a run
 * lasts. Peak memory comes from sampling; CPU is the difference of two readings, so it is exact. A
 * process that exits or is replaced under the same pid during the run is reported with a note.
 */
public final class ProcessSampler implements AutoCloseable {
  private static final long TICKS_PER_SECOND = clockTicks();

  private final Map<String, ProcStat> first = new LinkedHashMap<>();
  private final Map<String, ProcStat> last = new ConcurrentHashMap<>();
  private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
  private final Map<String, String> notes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sampler;

  public ProcessSampler(List<WatchedProcess> processes, Duration interval, Consumer<String> warn) {
    for (WatchedProcess process : processes) {
      OptionalLong pid = process.resolve();
      Optional<ProcStat> stat = pid.isPresent() ? ProcStat.read(pid.getAsLong()) : Optional.empty();
      if (stat.isEmpty()) {
        warn.accept("process " + process.name() + " (" + process.source() + ") is not running: not measured");
        continue;
      }
      first.put(process.name(), stat.get());
      last.put(process.name(), stat.get());
      peakRssKb.put(process.name(), stat.get().rssKb());
    }
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "bench-proc-sampler");
      thread.setDaemon(true);
      return thread;
    });
    sampler.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Cumulative CPU seconds of each followed process now, to subtract from a later reading. */
  public Map<String, Double> cpuSeconds() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    first.forEach((name, start) ->
        cpu.put(name, (double) current(name, start).orElse(last.get(name)).cpuTicks() / TICKS_PER_SECOND));
    return cpu;
  }

  /** CPU seconds used since {@code before} (a {@link #cpuSeconds()} reading), per process. */
  public Map<String, Double> cpuSecondsSince(Map<String, Double> before) {
    Map<String, Double> used = new LinkedHashMap<>();
    cpuSeconds().forEach((name, now) -> {
      Double then = before.get(name);
      if (then != null) {
        used.put(name, Math.round((now - then) * 100) / 100.0);
      }
    });
    return used;
  }

  /** Stops sampling and reports each process over the whole run. */
  public List<ProcessUsage> finish() {
    sampler.shutdownNow();
    sample();
    List<ProcessUsage> usage = new ArrayList<>();
    first.forEach((name, start) -> {
      ProcStat end = last.get(name);
      double cpu = (double) (end.cpuTicks() - start.cpuTicks()) / TICKS_PER_SECOND;
      long hwm = end.hwmKb();
      usage.add(new ProcessUsage(name, start.pid(), Math.round(cpu * 100) / 100.0, mb(peakRssKb.get(name)), mb(hwm),
          notes.get(name)));
    });
    return usage;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  private void sample() {
    first.forEach((name, start) -> current(name, start).ifPresent(now -> peakRssKb.merge(name, now.rssKb(), Math::max)));
  }

  /**
   * The process's reading now, if it is still the process the run started with; remembered as the
   * last good reading, which stands in for it once the process is gone.
   */
  private Optional<ProcStat> current(String name, ProcStat start) {
    Optional<ProcStat> now = ProcStat.read(start.pid());
    if (now.isEmpty() || now.get().startTicks() != start.startTicks()) {
      notes.putIfAbsent(name, "exited or restarted during the run; figures cover only the time before");
      return Optional.empty();
    }
    last.put(name, now.get());
    return now;
  }

  private static double mb(long kb) {
    return Math.round(kb / 1024.0 * 10) / 10.0;
  }

  /** The kernel's clock ticks per second (USER_HZ), which /proc's CPU times count in; 100 on Linux. */
  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      try (InputStream in = getconf.getInputStream()) {
        String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
      }
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
