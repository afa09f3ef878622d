package dev.conduit.matching;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.matching.history.HistoryClient;
import dev.conduit.matching.history.TaskStarter;
import dev.conduit.persistence.matching.TaskQueueStore;
import dev.conduit.persistence.matching.TaskQueueStores;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The matching service as a gRPC server: {@code MatchingService} and the standard health service on one
 * port. It does not own the Cassandra session or the history client's channel; whoever passes them in
 * closes them after {@link #close()}.
 */
public final class MatchingServer implements AutoCloseable {
  private final MatchingEngine engine;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ExecutorService callExecutor;
  private final Server server;

  /**
   * @param bind address and port to listen on (port 0 picks a free one, see {@link #port()})
   * @param session bound to the cluster's keyspace at schema version 3 or later
   * @param history reaches the history service, for recording tasks started
   */
  public MatchingServer(InetSocketAddress bind, MatchingSettings settings, CqlSession session, HistoryClient history, Clock clock) {
    this(bind, settings, TaskQueueStores.cassandra(session, clock), history, clock);
  }

  /** With any {@link TaskQueueStore}, e.g. one with extra wrappers. */
  public MatchingServer(InetSocketAddress bind, MatchingSettings settings, TaskQueueStore store, HistoryClient history, Clock clock) {
    this.engine = new MatchingEngine(store, new TaskStarter(history), settings, clock);
    // long polls block their call's thread until a task or the expiry: the pool grows with the pollers
    this.callExecutor = Executors.newCachedThreadPool(MatchingEngine.daemonThreads("matching-grpc-"));
    this.server = NettyServerBuilder.forAddress(bind)
        .executor(callExecutor)
        .addService(new MatchingHandler(engine, settings.longPollExpiry()))
        .addService(health.getHealthService())
        .build();
  }

  /** Binds the port and reports SERVING for the overall server and for {@code MatchingService}. */
  public MatchingServer start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("matching server could not bind " + server, e);
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(MatchingServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return this;
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  public MatchingEngine engine() {
    return engine;
  }

  /** Stops taking calls, persists ack levels and unloads queues, and lets running calls end for a few seconds. */
  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    // unloading answers the waiting polls (empty) so the server drains without waiting out their expiry
    engine.close();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow(); // cancels waiting polls: their slots close and nothing is swallowed
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    callExecutor.shutdownNow();
  }
}
