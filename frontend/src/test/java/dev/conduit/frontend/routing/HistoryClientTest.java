package dev.conduit.frontend.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conduit.common.ShardIds;
import dev.conduit.proto.history.v1.HistoryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shard selection and the bounded retry of UNAVAILABLE, with a router that records what it is asked. */
class HistoryClientTest {
  private static final int SHARDS = 16;
  private final List<Integer> routed = new ArrayList<>();
  private final ManagedChannel unused = InProcessChannelBuilder.forName("unused").build();
  private final HistoryRouter router = shard -> {
    routed.add(shard);
    return HistoryServiceGrpc.newBlockingStub(unused);
  };
  private final CallSettings settings = CallSettings.defaults().withRetries(4, Duration.ofMillis(1), Duration.ofMillis(2));
  private final HistoryClient client = new HistoryClient(router, SHARDS, settings);

  @AfterEach
  void close() {
    unused.shutdownNow();
  }

  @Test
  void aWorkflowIsRoutedToTheShardOfItsNamespaceAndId() {
    for (String workflowId : List.of("a", "b", "order-17", "x".repeat(300))) {
      client.call("ns-id", workflowId, stub -> null);
    }
    assertThat(routed).containsExactly(ShardIds.shardOf("ns-id", "a", SHARDS), ShardIds.shardOf("ns-id", "b", SHARDS),
        ShardIds.shardOf("ns-id", "order-17", SHARDS), ShardIds.shardOf("ns-id", "x".repeat(300), SHARDS));
  }

  @Test
  void unavailableIsRetriedWithAFreshOwnerUntilItPasses() {
    AtomicInteger attempts = new AtomicInteger();
    String answer = client.call("ns-id", "w", stub -> {
      if (attempts.incrementAndGet() < 3) {
        throw Status.UNAVAILABLE.withDescription("shard 3 is not owned by this host").asRuntimeException();
      }
      return "ok";
    });
    assertThat(answer).isEqualTo("ok");
    assertThat(routed).hasSize(3);
  }

  @Test
  void unavailableSurfacesAfterTheLastAttempt() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> client.call("ns-id", "w", stub -> {
      throw Status.UNAVAILABLE.withDescription("moved").asRuntimeException();
    }));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(routed).hasSize(4);
  }

  @Test
  void otherStatusesAreNotRetried() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> client.call("ns-id", "w", stub -> {
      throw Status.NOT_FOUND.asRuntimeException();
    }));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(routed).hasSize(1);
  }

  @Test
  void callsCarryADeadline() {
    long[] remaining = new long[2];
    client.call("ns-id", "w", stub -> remaining[0] = stub.getCallOptions().getDeadline().timeRemaining(
        java.util.concurrent.TimeUnit.SECONDS));
    client.longPoll("ns-id", "w", stub -> remaining[1] = stub.getCallOptions().getDeadline().timeRemaining(
        java.util.concurrent.TimeUnit.SECONDS));
    assertThat(remaining[0]).isBetween(28L, 30L);
    assertThat(remaining[1]).isBetween(63L, 65L);
  }

  @Test
  void backoffDoublesUpToItsCap() {
    CallSettings backoff = CallSettings.defaults().withRetries(6, Duration.ofMillis(50), Duration.ofMillis(300));
    assertThat(List.of(backoff.backoff(1), backoff.backoff(2), backoff.backoff(3), backoff.backoff(4), backoff.backoff(40)))
        .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
            Duration.ofMillis(300));
  }
}
