package dev.conduit.it.support;

import dev.conduit.deploy.local.LocalDependencies;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts the real servers a test needs through the project's launcher, once per test JVM. Servers that
 * already run (a previous run, or {@code conduit deps start}) are reused as they are.
 */
public final class RealServers {
  private static final LocalDependencies DEPENDENCIES = LocalDependencies.fromEnvironment();
  private static final Set<String> STARTED = new HashSet<>();

  private RealServers() {}

  /** Blocks until each named server is healthy; fails the test with the launcher's reason otherwise. */
  public static synchronized void require(String... names) {
    List<String> missing = java.util.Arrays.stream(names).filter(name -> !STARTED.contains(name)).toList();
    if (missing.isEmpty()) {
      return;
    }
    DEPENDENCIES.start(missing, LocalDependencies.DEFAULT_START_TIMEOUT);
    STARTED.addAll(missing);
  }

  /** Stops a server for a fault test; {@link #restart} brings it back (its data stays). */
  public static synchronized void stop(String name) {
    DEPENDENCIES.stop(List.of(name));
  }

  /** Starts a stopped server again and waits until it is healthy. */
  public static synchronized void restart(String name) {
    DEPENDENCIES.start(List.of(name), LocalDependencies.DEFAULT_START_TIMEOUT);
  }

  /** Whether the server answers its health probe. */
  public static synchronized boolean running(String name) {
    return DEPENDENCIES.status(List.of(name)).get(0).state() == dev.conduit.deploy.local.ServerStatus.State.RUNNING;
  }
}
