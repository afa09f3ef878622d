package dev.conduit.deploy.local;

import java.time.Duration;

/** One real server the launcher runs on loopback as its own process. Every operation is idempotent. */
public interface LocalServer {

  /** Short name used on the command line and for the state directory, e.g. {@code cassandra}. */
  String name();

  /** Where clients reach it, e.g. {@code 127.0.0.1:9042}. */
  String endpoint();

  /** Starts the server unless it already runs, and waits until it is healthy or the timeout passes. */
  ServerStatus start(Duration timeout);

  /** Stops the server if it runs; waits for the process to end. */
  ServerStatus stop();

  ServerStatus status();
}
