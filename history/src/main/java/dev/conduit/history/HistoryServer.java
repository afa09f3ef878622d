package dev.conduit.history;

import dev.conduit.history.visibility.VisibilitySink;
import dev.conduit.history.client.HistoryPeerClient;
import dev.conduit.history.client.MatchingClient;
import dev.conduit.history.handler.HistoryHandler;
import dev.conduit.history.shard.ShardController;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ShardStore;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The history service process part: acquires its shards, runs their queues, and serves HistoryService
 * and the gRPC health service on one port. The process main builds the stores, the matching client and
 * the namespace lookup and hands them in; ownership changes go through {@link #shards()}.
 */
public final class HistoryServer implements AutoCloseable {
  private static final int WORKER_THREADS = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());
  private final ShardController shards;
  private final Set<Integer> initialShards;
  private final ScheduledExecutorService pool;
  private final HistoryHandler handler;
  private final HealthStatusManager health = new HealthStatusManager();
  private final InetSocketAddress bindAddress;
  private Server server;

  /**
   * @param ownedShards the shards to take at start; null means all of {@code 0..numHistoryShards-1}
   * @param hostIdentity written into the shard rows as owner
   * @param bindAddress where to listen; port 0 picks a free port
   */
  public HistoryServer(ShardStore shardStore, ExecutionStore executionStore, MatchingClient matching,
      NamespaceLookup namespaces, int numHistoryShards, Set<Integer> ownedShards, String hostIdentity, Clock clock,
      HistoryConfig config, InetSocketAddress bindAddress) {
    this(shardStore, executionStore, matching, HistoryPeerClient.unavailable(), namespaces, numHistoryShards,
        ownedShards, hostIdentity, clock, config, bindAddress);
  }

  /**
   * @param peers reaches the other history shards (children, external signals and cancels)
   */
  public HistoryServer(ShardStore shardStore, ExecutionStore executionStore, MatchingClient matching,
      HistoryPeerClient peers, NamespaceLookup namespaces, int numHistoryShards, Set<Integer> ownedShards,
      String hostIdentity, Clock clock, HistoryConfig config, InetSocketAddress bindAddress) {
    this(shardStore, executionStore, matching, peers, VisibilitySink.NONE, namespaces, numHistoryShards, ownedShards,
        hostIdentity, clock, config, bindAddress);
  }

  /**
   * @param peers reaches the other history shards (children, external signals and cancels)
   * @param visibility where visibility tasks publish the runs' records (the cluster's visibility topic)
   */
  public HistoryServer(ShardStore shardStore, ExecutionStore executionStore, MatchingClient matching,
      HistoryPeerClient peers, VisibilitySink visibility, NamespaceLookup namespaces, int numHistoryShards,
      Set<Integer> ownedShards, String hostIdentity, Clock clock, HistoryConfig config, InetSocketAddress bindAddress) {
    // Queue passes, transfer tasks (each waits on matching or a peer shard) and long-poll re-checks
    // share this pool; its threads mostly wait on the network, so it is sized well past the cores.
    this.pool = Executors.newScheduledThreadPool(WORKER_THREADS, daemonThreads("history-worker-"));
    this.shards = new ShardController(numHistoryShards, hostIdentity, shardStore, executionStore, namespaces, matching,
        peers, visibility, config, clock, pool);
    this.initialShards = ownedShards != null ? Set.copyOf(ownedShards)
        : IntStream.range(0, numHistoryShards).boxed().collect(Collectors.toUnmodifiableSet());
    this.handler = new HistoryHandler(shards, pool);
    this.bindAddress = bindAddress;
  }

  /** Defaults for everything not given: Temporal's limits, a free port on the loopback address. */
  public HistoryServer(ShardStore shardStore, ExecutionStore executionStore, MatchingClient matching,
      NamespaceLookup namespaces, int numHistoryShards, Set<Integer> ownedShards, String hostIdentity, Clock clock) {
    this(shardStore, executionStore, matching, namespaces, numHistoryShards, ownedShards, hostIdentity, clock,
        HistoryConfig.defaults(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /** Acquires the initial shards, then starts serving. */
  public synchronized HistoryServer start() {
    shards.setOwnedShards(initialShards);
    try {
      server = NettyServerBuilder.forAddress(bindAddress)
          .addService(handler)
          .addService(health.getHealthService())
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind history service to " + bindAddress, e);
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(HistoryServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return this;
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getPort();
  }

  public ShardController shards() {
    return shards;
  }

  /** The service implementation, for in-process transports. */
  public HistoryHandler handler() {
    return handler;
  }

  @Override
  public synchronized void close() {
    health.enterTerminalState();
    if (server != null) {
      server.shutdown();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.shutdownNow();
    }
    shards.close();
    pool.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
