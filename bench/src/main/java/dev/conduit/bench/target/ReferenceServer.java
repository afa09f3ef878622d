package dev.conduit.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's in-memory test server ({@code io.temporal:temporal-test-server}) in its own JVM on loopback,
 * so that its CPU and memory are measured apart from the harness's. It runs from the harness's own
 * classpath, which carries the test server.
 */
public final class ReferenceServer implements AutoCloseable {
  private static final String MAIN_CLASS = "io.temporal.testserver.TestServer";

  private final Process process;
  private final int port;

  private ReferenceServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the server and waits until it accepts connections.
   *
   * @param port its port, or 0 for a free one
   * @param log where its output goes
   * @throws IllegalStateException when it exits or does not listen within {@code timeout}
   */
  public static ReferenceServer start(int port, Path log, Duration timeout) {
    int chosen = port == 0 ? freePort() : port;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        MAIN_CLASS, Integer.toString(chosen));
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Temporal's test server (" + MAIN_CLASS + ")", e);
    }
    ReferenceServer server = new ReferenceServer(process, chosen);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!server.listening()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Temporal's test server exited with code " + process.exitValue()
            + " before it listened on port " + chosen + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("Temporal's test server did not listen on port " + chosen + " within "
            + timeout.toSeconds() + " s; see " + log);
      }
      sleep(Duration.ofMillis(200));
    }
    return server;
  }

  /** host:port its clients dial. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for Temporal's test server", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Temporal's test server", e);
    }
  }
}
