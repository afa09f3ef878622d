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
}
