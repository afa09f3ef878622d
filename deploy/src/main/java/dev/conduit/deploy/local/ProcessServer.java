package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server run as a detached process (its own session, so a Ctrl-C in the launching shell does not
 * reach it) with a pid file in its state directory. A pid is believed only while the process's command
 * line still carries the server's marker, so a reused pid is never mistaken for the server.
 */
abstract class ProcessServer implements LocalServer {
  private static final Logger log = LoggerFactory.getLogger(ProcessServer.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(45);

  protected final LocalLayout layout;
  private final String name;

  ProcessServer(LocalLayout layout, String name) {
    this.layout = layout;
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  protected final Path stateDir() {
    return layout.stateOf(name);
  }

  protected final Path logsDir() {
    return LocalLayout.ensure(stateDir().resolve("logs"));
  }

  protected final Path consoleLog() {
    return logsDir().resolve("console.log");
  }

  /** Obtains the server (artifacts, binaries) and writes its configuration; runs before each launch. */
  protected abstract void prepare();

  /** The command that runs the server in the foreground. */
  protected abstract List<String> command();

  /** Environment added to the launcher's own. */
  protected Map<String, String> environment() {
    return Map.of();
  }

  /** A string the server's command line contains, tying a pid to this server. */
  protected abstract String marker();

  /** True when the server answers its clients. */
  protected abstract boolean healthy();

  @Override
  public synchronized ServerStatus start(Duration timeout) {
    Optional<ProcessHandle> running = runningProcess();
    if (running.isEmpty()) {
      prepare();
      running = Optional.of(launch());
    } else {
      log.info("{} already runs (pid {})", name, running.get().pid());
    }
    awaitHealthy(running.get(), timeout);
    return status();
  }

  private ProcessHandle launch() {
    List<String> command = new ArrayList<>();
    Platform.onPath("setsid").ifPresent(setsid -> command.add(setsid.toString()));
    command.addAll(command());
    try {
      Files.writeString(
          consoleLog(),
          "=== " + Instant.now() + " starting: " + String.join(" ", command) + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(stateDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(environment());
      Process process = builder.start();
      Files.writeString(pidFile(), Long.toString(process.pid()));
      log.info("started {} (pid {}), log {}", name, process.pid(), consoleLog());
      return process.toHandle();
    } catch (IOException e) {
      throw new DependencyUnavailableException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  private void awaitHealthy(ProcessHandle process, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new DependencyUnavailableException(
            name + " exited while starting; last lines of " + consoleLog() + ":\n" + ArtifactResolver.tail(consoleLog(), 30));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new DependencyUnavailableException(
            name + " is not healthy after " + timeout.toSeconds() + " s (process " + process.pid()
                + " still runs); last lines of " + consoleLog() + ":\n" + ArtifactResolver.tail(consoleLog(), 30));
      }
      sleep(250);
    }
  }

  @Override
  public synchronized ServerStatus stop() {
    Optional<ProcessHandle> running = runningProcess();
    if (running.isPresent()) {
      ProcessHandle process = running.get();
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      tree.add(process);
      tree.forEach(ProcessHandle::destroy);
      Instant deadline = Instant.now().plus(STOP_GRACE);
      for (ProcessHandle handle : tree) {
        waitForExit(handle, Duration.between(Instant.now(), deadline));
      }
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      tree.forEach(handle -> waitForExit(handle, Duration.ofSeconds(10)));
      log.info("stopped {} (pid {})", name, process.pid());
    }
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return status();
  }

  @Override
  public ServerStatus status() {
    Optional<ProcessHandle> running = runningProcess();
    if (running.isEmpty()) {
      return new ServerStatus(name, ServerStatus.State.STOPPED, OptionalLong.empty(), endpoint());
    }
    ServerStatus.State state = healthy() ? ServerStatus.State.RUNNING : ServerStatus.State.STARTING;
    return new ServerStatus(name, state, OptionalLong.of(running.get().pid()), endpoint());
  }

  /** The live process named by the pid file, if it is still this server. */
  Optional<ProcessHandle> runningProcess() {
    Path pidFile = pidFile();
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> commandLine(p).contains(marker()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String commandLine(ProcessHandle process) {
    // /proc is read directly: ProcessHandle.info() hides other users' command lines
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return process.info().commandLine().orElse("");
    }
  }

  private Path pidFile() {
    return stateDir().resolve(name + ".pid");
  }

  private static void waitForExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // the caller escalates to a forcible kill
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted", e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
