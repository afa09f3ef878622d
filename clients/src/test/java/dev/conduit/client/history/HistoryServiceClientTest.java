package dev.conduit.client.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.conduit.client.CallSettings;
import dev.conduit.client.TestRing;
import dev.conduit.common.ShardIds;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The history client over three in-process history hosts on a real membership ring. */
class HistoryServiceClientTest {
  private static final int SHARDS = 16;
  private static final List<String> IDS = List.of("history-a", "history-b", "history-c");
  private static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-test", Metadata.ASCII_STRING_MARSHALLER);

  private final Map<String, FakeHistoryHost> hosts = new LinkedHashMap<>();
  private final TestRing ring;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  HistoryServiceClientTest() throws InterruptedException {
    IDS.forEach(id -> hosts.put(id, new FakeHistoryHost(id)));
    ring = new TestRing("history", hosts);
  }

  @AfterEach
  void close() throws Exception {
    executor.shutdownNow();
    ring.close();
  }

  @Test
  void aWorkflowCallGoesToTheOwnerOfItsShard() {
    HistoryServiceClient client = client(fastRetries());
    for (int i = 0; i < 40; i++) {
      String workflowId = "order-" + i;
      String answeredBy = describe(client, workflowId);
      int shard = ShardIds.shardOf("ns", workflowId, SHARDS);
      assertThat(answeredBy).as(workflowId).isEqualTo(ring.owner(Integer.toString(shard)));
      assertThat(client.owner(shard)).contains(answeredBy);
    }
    assertThat(hosts.values()).allSatisfy(host -> assertThat(host.received).isNotEmpty());
    assertThat(client.hosts()).extracting(HistoryServiceClient.Host::identity).containsExactlyElementsOf(IDS);
  }

  @Test
  void unavailableIsRetriedAgainstTheOwnerResolvedAfterIt() {
    HistoryServiceClient client = client(fastRetries());
    String workflowId = "moving";
    String shardKey = Integer.toString(ShardIds.shardOf("ns", workflowId, SHARDS));
    FakeHistoryHost previous = hosts.get(ring.owner(shardKey));
    // the owner lets go of the shard: it leaves the ring, and answers the call in flight "not owned"
    previous.answer = response -> {
      ring.setMembers(IDS.stream().filter(id -> !id.equals(previous.id)).toList());
      response.onError(Status.UNAVAILABLE.withDescription("shard is not owned by this host").asRuntimeException());
    };

    String answeredBy = describe(client, workflowId);

    assertThat(answeredBy).isNotEqualTo(previous.id).isEqualTo(ring.owner(shardKey));
    assertThat(previous.received).hasSize(1);
    assertThat(hosts.get(answeredBy).received).hasSize(1);
  }

  @Test
  void unavailableSurfacesAfterTheLastAttempt() {
    HistoryServiceClient client = client(fastRetries());
    FakeHistoryHost owner = ownerOf("w");
    owner.answer = response -> response.onError(Status.UNAVAILABLE.withDescription("still moving").asRuntimeException());

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w"));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).isEqualTo("still moving");
    assertThat(owner.received).hasSize(4);
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"INVALID_ARGUMENT", "NOT_FOUND", "FAILED_PRECONDITION", "ALREADY_EXISTS"})
  void otherStatusesReachTheCallerUnchangedAfterOneAttempt(Status.Code code) {
    HistoryServiceClient client = client(fastRetries());
    FakeHistoryHost owner = ownerOf("w");
    com.google.rpc.Status answered = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage("as history says")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("WORKFLOW_DETAIL").build())).build();
    owner.answer = response -> {
      Metadata trailers = new Metadata();
      trailers.put(TRAILER, "kept");
      response.onError(StatusProto.toStatusRuntimeException(answered, trailers));
    };

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w"));

    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(StatusProto.fromThrowable(e)).isEqualTo(answered);
    assertThat(e.getTrailers().get(TRAILER)).isEqualTo("kept");
    assertThat(owner.received).hasSize(1);
  }

  @Test
  void callsCarryTheirDeadline() {
    HistoryServiceClient client = client(fastRetries());
    long[] remaining = new long[2];
    client.call("ns", "w", stub -> remaining[0] = stub.getCallOptions().getDeadline().timeRemaining(TimeUnit.SECONDS));
    client.longPoll("ns", "w", stub -> remaining[1] = stub.getCallOptions().getDeadline().timeRemaining(TimeUnit.SECONDS));
    assertThat(remaining[0]).isBetween(28L, 30L);
    assertThat(remaining[1]).isBetween(63L, 65L);
  }

  @Test
  void aHostThatStopsAnsweringOpensItsOwnBreakerOnly() {
    HistoryServiceClient client = client(fastRetries().withCallTimeout(Duration.ofMillis(50)).withBreaker(openAfterTwo()));
    FakeHistoryHost silent = ownerOf("w");
    silent.answer = response -> {};

    for (int i = 0; i < 2; i++) {
      assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w")).getStatus().getCode())
          .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
    StatusRuntimeException open = catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w"));

    assertThat(open.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(open.getStatus().getDescription()).contains(silent.id).contains("circuit breaker is open");
    assertThat(silent.received).hasSize(2);
    assertThat(client.policy().breaker(silent.id).getState()).isEqualTo(CircuitBreaker.State.OPEN);
    String other = workflowNotOwnedBy(silent.id);
    assertThat(describe(client, other)).isNotEqualTo(silent.id);
    assertThat(IDS).filteredOn(id -> !id.equals(silent.id))
        .allSatisfy(id -> assertThat(client.policy().breaker(id).getState()).isEqualTo(CircuitBreaker.State.CLOSED));
  }

  @Test
  void aHostThatRefusesConnectionsOpensItsBreaker() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String dead = ring.owner(Integer.toString(ShardIds.shardOf("ns", "w", SHARDS)));
    HistoryServiceClient client = new HistoryServiceClient(ring.router(member -> member.id().equals(dead)
        ? NettyChannelBuilder.forAddress("127.0.0.1", closedPort).usePlaintext().build()
        : io.grpc.inprocess.InProcessChannelBuilder.forName("history/" + member.id()).build()),
        SHARDS, fastRetries().withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)).withBreaker(openAfterTwo()));

    for (int i = 0; i < 2; i++) {
      StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w"));
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(refused.getStatus().getDescription()).doesNotContain("circuit breaker");
    }

    assertThat(client.policy().breaker(dead).getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void unavailableAnsweredByAHostLeavesItsBreakerClosed() {
    HistoryServiceClient client = client(fastRetries().withBreaker(openAfterTwo()));
    FakeHistoryHost owner = ownerOf("w");
    owner.answer = response -> response.onError(Status.UNAVAILABLE.withDescription("handover").asRuntimeException());

    for (int i = 0; i < 3; i++) {
      catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w"));
    }

    assertThat(owner.received).hasSize(12);
    assertThat(client.policy().breaker(owner.id).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void noRetryOnceTheCallerIsCancelled() {
    HistoryServiceClient client = client(fastRetries());
    Context.CancellableContext caller = Context.current().withCancellation();
    AtomicInteger attempts = new AtomicInteger();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> caller.run(() ->
        client.call("ns", "w", stub -> {
          attempts.incrementAndGet();
          caller.cancel(null);
          throw Status.UNAVAILABLE.withDescription("moving").asRuntimeException();
        })));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(attempts).hasValue(1);
    assertThat(client.policy().breaker(ownerOf("w").id).getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void theCallersCancellationReachesTheHost() throws Exception {
    HistoryServiceClient client = client(fastRetries());
    FakeHistoryHost owner = ownerOf("w");
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch cancelledThere = new CountDownLatch(1);
    owner.answer = response -> {
      Context.current().addListener(context -> cancelledThere.countDown(), Runnable::run);
      arrived.countDown();
    };
    Context.CancellableContext caller = Context.current().withCancellation();
    Future<?> call = executor.submit(() -> caller.run(() -> describe(client, "w")));
    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

    caller.cancel(null);

    assertThat(cancelledThere.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS)))
        .hasCauseInstanceOf(StatusRuntimeException.class);
    assertThat(owner.received).hasSize(1);
  }

  @Test
  void aFullBulkheadRejectsWithoutCalling() throws Exception {
    HistoryServiceClient client = client(fastRetries().withBulkhead(new CallSettings.Bulkhead(1, 1, Duration.ZERO)));
    FakeHistoryHost owner = ownerOf("w");
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    owner.answer = response -> {
      arrived.countDown();
      executor.submit(() -> {
        release.await();
        owner.answerWithId(response);
        return null;
      });
    };
    Future<String> first = executor.submit(() -> describe(client, "w"));
    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> describe(client, "w"));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(owner.id);
    assertThat(owner.received).hasSize(1);
  }

  @Test
  void withoutMembersAShardIsUnavailable() {
    HistoryServiceClient client = client(fastRetries());
    ring.setMembers(List.of());
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> client.callShard(3,
        stub -> stub.describeWorkflowExecution(DescribeWorkflowExecutionRequest.getDefaultInstance())));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("no history host").contains("3");
  }

  private HistoryServiceClient client(CallSettings settings) {
    return new HistoryServiceClient(ring.router(), SHARDS, settings);
  }

  private static CallSettings fastRetries() {
    return CallSettings.defaults().withRetries(4, Duration.ofMillis(1), Duration.ofMillis(2));
  }

  private static CallSettings.Breaker openAfterTwo() {
    return new CallSettings.Breaker(50, 4, 2, Duration.ofMinutes(1), 1);
  }

  private FakeHistoryHost ownerOf(String workflowId) {
    return hosts.get(ring.owner(Integer.toString(ShardIds.shardOf("ns", workflowId, SHARDS))));
  }

  private String workflowNotOwnedBy(String hostId) {
    for (int i = 0; ; i++) {
      if (!ownerOf("other-" + i).id.equals(hostId)) {
        return "other-" + i;
      }
    }
  }

  private static String describe(HistoryServiceClient client, String workflowId) {
    return client.call("ns", workflowId, stub -> stub.describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespaceId("ns").build())).getResponse().toStringUtf8();
  }
}
