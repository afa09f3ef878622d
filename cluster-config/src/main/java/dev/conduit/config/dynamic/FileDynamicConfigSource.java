package dev.conduit.config.dynamic;

import dev.conduit.config.ConfigError;
import dev.conduit.config.ConfigException;
import dev.conduit.config.DynamicConfigClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic config read from a file that is polled for changes. The first load must succeed; after that,
 * a file that cannot be read or parsed is logged once and the last good values stay in force, so a
 * typo during an edit never resets settings to their defaults. Polling is a scheduled call of
 * {@link #reload()}, which tests may also call directly.
 */
public final class FileDynamicConfigSource implements DynamicConfig, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileDynamicConfigSource.class);

  /** What one {@link #reload()} did. */
  public enum ReloadOutcome {
    /** The file has the content already loaded (or last rejected); nothing changed. */
    UNCHANGED,
    /** New values are in force and listeners have been told. */
    UPDATED,
    /** The file could not be read or parsed; the previous values stay in force. */
    REJECTED
  }

  private final Path file;
  private final DynamicConfigParser parser;
  private final List<DynamicConfigListener> listeners = new CopyOnWriteArrayList<>();
  private volatile DynamicValues current;
  private String lastContent;
  private ScheduledFuture<?> polling;
  private ScheduledExecutorService ownScheduler;

  private FileDynamicConfigSource(
      Path file, DynamicConfigParser parser, String content, DynamicValues values) {
    this.file = file;
    this.parser = parser;
    this.lastContent = content;
    this.current = values;
  }

  /**
   * Loads the file once, without polling.
   *
   * @throws ConfigException if the file cannot be read or holds invalid values
   */
  public static FileDynamicConfigSource load(Path file, DynamicConfigParser parser) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of(new ConfigError("", "cannot read the file: " + e)));
    }
    DynamicConfigParser.Result result = parser.parse(content, file.toString());
    return new FileDynamicConfigSource(file, parser, content, result.values());
  }

  /** Loads the file named by {@code dynamicConfigClient} and polls it at its interval on a daemon thread. */
  public static FileDynamicConfigSource start(DynamicConfigClientConfig config) {
    FileDynamicConfigSource source = load(config.filepath(), DynamicConfigParser.withStandardKeys());
    source.startPolling(config.pollInterval());
    return source;
  }

  @Override
  public <T> T get(DynamicKey<T> key, Constraints constraints) {
    return current.get(key, constraints);
  }

  /** The values now in force. */
  public DynamicValues current() {
    return current;
  }

  /** Reads the file now and swaps in its values if they parse and differ. */
  public synchronized ReloadOutcome reload() {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      if (lastContent != null) {
        LOG.warn("Cannot read dynamic config {}; keeping the previous values: {}", file, e.toString());
      }
      lastContent = null;
      return ReloadOutcome.REJECTED;
    }
    if (content.equals(lastContent)) {
      return ReloadOutcome.UNCHANGED;
    }
    lastContent = content;
    DynamicConfigParser.Result result;
    try {
      result = parser.parse(content, file.toString());
    } catch (ConfigException e) {
      LOG.error("Rejected dynamic config {}; keeping the previous values. {}", file, e.getMessage());
      return ReloadOutcome.REJECTED;
    }
    DynamicValues previous = current;
    if (result.values().equals(previous)) {
      return ReloadOutcome.UNCHANGED;
    }
    current = result.values();
    LOG.info("Dynamic config {} changed: {}", file, previous.changedKeys(current));
    notifyListeners(previous, current);
    return ReloadOutcome.UPDATED;
  }

  /** Registers a listener for later changes; closing the returned handle removes it. */
  public AutoCloseable subscribe(DynamicConfigListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /** Polls on the given scheduler, which the caller owns (tests pass their own). */
  public synchronized void startPolling(ScheduledExecutorService scheduler, Duration interval) {
    if (polling != null) {
      throw new IllegalStateException("already polling " + file);
    }
    long millis = Math.max(1, interval.toMillis());
    polling = scheduler.scheduleWithFixedDelay(this::pollOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Polls on a daemon thread of its own, stopped by {@link #close()}. */
  public synchronized void startPolling(Duration interval) {
    ownScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "dynamic-config-poller");
      thread.setDaemon(true);
      return thread;
    });
    startPolling(ownScheduler, interval);
  }

  /** Stops polling; the last values stay readable. */
  @Override
  public synchronized void close() {
    if (polling != null) {
      polling.cancel(false);
      polling = null;
    }
    if (ownScheduler != null) {
      ownScheduler.shutdownNow();
      ownScheduler = null;
    }
  }

  /** A scheduled task that throws is never run again, so nothing may escape a poll. */
  private void pollOnce() {
    try {
      reload();
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure polling dynamic config {}", file, e);
    }
  }

  private void notifyListeners(DynamicValues previous, DynamicValues next) {
    for (DynamicConfigListener listener : listeners) {
      try {
        listener.onChange(previous, next);
      } catch (RuntimeException e) {
        LOG.error("Dynamic config listener {} failed", listener, e);
      }
    }
  }
}
