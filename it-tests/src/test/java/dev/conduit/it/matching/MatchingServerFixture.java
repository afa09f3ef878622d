package dev.conduit.it.matching;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.conduit.matching.MatchingServer;
import dev.conduit.matching.MatchingSettings;
import dev.conduit.client.CallSettings;
import dev.conduit.client.Router;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.matching.history.GrpcHistoryClient;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * The matching service as its own gRPC server on a fresh keyspace of the launcher's Cassandra, with
 * history's gRPC API played by an in-test server that records what matching asks of it. Matching alone
 * is under test here; the whole system is tested end to end in the engine and semantics ITs.
 */
final class MatchingServerFixture implements AutoCloseable {
  final MatchingKeyspace keyspace;
  final CqlSession session;
  final RecordingHistory history = new RecordingHistory();
  final FakeHistoryServer historyServer;
  final ManagedChannel historyChannel;
  final MatchingServer matching;
  final ManagedChannel channel;
  final MatchingServiceGrpc.MatchingServiceBlockingStub stub;
  final MatchingServiceGrpc.MatchingServiceFutureStub futureStub;

  MatchingServerFixture(Duration longPoll) throws Exception {
    keyspace = new MatchingKeyspace();
    session = keyspace.openSession();
    historyServer = new FakeHistoryServer(history);
    historyChannel = NettyChannelBuilder.forAddress("127.0.0.1", historyServer.port()).usePlaintext().build();
    matching = newServer("it-host", longPoll);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", matching.port()).usePlaintext().build();
    stub = MatchingServiceGrpc.newBlockingStub(channel);
    futureStub = MatchingServiceGrpc.newFutureStub(channel);
  }

  /** Another matching server on the same keyspace and history, started; the caller closes it. */
  MatchingServer newServer(String owner, Duration longPoll) {
    return new MatchingServer(new InetSocketAddress("127.0.0.1", 0),
        MatchingSettings.defaults(owner).withLongPollExpiry(longPoll), session,
        new GrpcHistoryClient(new HistoryServiceClient(Router.fixed("fake-history", historyChannel), 1,
            CallSettings.defaults().withCallTimeout(Duration.ofSeconds(5)))), Clock.systemUTC()).start();
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    matching.close();
    historyChannel.shutdownNow();
    historyServer.close();
    session.close();
    keyspace.close();
  }
}
