package dev.conduit.client.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.conduit.client.CallSettings;
import dev.conduit.client.TestRing;
import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The matching client over three in-process matching hosts on a real membership ring. */
class MatchingServiceClientTest {
  private static final List<String> IDS = List.of("matching-a", "matching-b", "matching-c");
  private static final TaskQueueKey NORMAL = TaskQueueKey.newBuilder().setNamespaceId("ns").setName("checkout")
      .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build();
  private static final TaskQueueKey STICKY = NORMAL.toBuilder().setName("host:sticky").setSticky(true).build();

  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final TestRing ring;

  MatchingServiceClientTest() throws InterruptedException {
    IDS.forEach(id -> hosts.put(id, new Host(id)));
    ring = new TestRing("matching", hosts);
  }

  @AfterEach
  void close() throws Exception {
    ring.close();
  }

  @Test
  void aQueueGoesToTheOwnerOfItsRingKey() {
    MatchingServiceClient client = new MatchingServiceClient(ring.router(), CallSettings.defaults());
    assertThat(MatchingServiceClient.ringKey(NORMAL)).isEqualTo("ns/checkout/1");
    assertThat(MatchingServiceClient.ringKey(STICKY)).isEqualTo("ns/host:sticky/1/sticky");

    for (TaskQueueKey queue : List.of(NORMAL, STICKY)) {
      Optional<String> answeredBy = poll(client, queue);
      String owner = ring.owner(MatchingServiceClient.ringKey(queue));
      assertThat(answeredBy).contains(owner);
      assertThat(client.owner(queue)).contains(owner);
      assertThat(hosts.get(owner).received).last().isEqualTo(queue);
    }
    assertThat(client.hosts()).containsExactlyElementsOf(IDS);
  }

  @Test
  void anExpiredPollIsEmptyAndNoFaultOfTheHost() {
    MatchingServiceClient client = new MatchingServiceClient(ring.router(), CallSettings.defaults()
        .withLongPollTimeout(Duration.ofMillis(50)).withBreaker(new CallSettings.Breaker(50, 2, 1, Duration.ofMinutes(1), 1)));
    Host owner = hosts.get(ring.owner(MatchingServiceClient.ringKey(NORMAL)));
    owner.answer = response -> {};

    assertThat(poll(client, NORMAL)).isEmpty();
    assertThat(poll(client, NORMAL)).isEmpty();

    assertThat(owner.received).hasSize(2);
    assertThat(client.policy().breaker(owner.id).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aPollWaitingOnAHalfOpenHostLeavesRoomForOtherCalls() throws Exception {
    MatchingServiceClient client = new MatchingServiceClient(ring.router(), CallSettings.defaults()
        .withBreaker(new CallSettings.Breaker(50, 2, 1, Duration.ofMinutes(1), 1)));
    Host owner = hosts.get(ring.owner(MatchingServiceClient.ringKey(NORMAL)));
    BlockingQueue<StreamObserver<PollWorkflowTaskQueueResponse>> waiting = new LinkedBlockingQueue<>();
    owner.answer = waiting::add;
    CircuitBreaker breaker = client.policy().breaker(owner.id);
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState();

    ExecutorService pollers = Executors.newFixedThreadPool(2);
    try {
      Future<Optional<String>> first = pollers.submit(() -> poll(client, NORMAL));
      StreamObserver<PollWorkflowTaskQueueResponse> firstWaiting = waiting.take();
      // the one place the half-open breaker gives is not held by the first poll while it waits
      Future<Optional<String>> second = pollers.submit(() -> poll(client, NORMAL));
      StreamObserver<PollWorkflowTaskQueueResponse> secondWaiting = null;
      while (secondWaiting == null && !second.isDone()) {
        secondWaiting = waiting.poll(10, TimeUnit.MILLISECONDS);
      }
      assertThat(secondWaiting).as("second poll reached the host; it ended with %s", second.isDone()
          ? catchThrowable(second::get) : "nothing").isNotNull();
      for (StreamObserver<PollWorkflowTaskQueueResponse> response : List.of(firstWaiting, secondWaiting)) {
        response.onNext(PollWorkflowTaskQueueResponse.newBuilder().setResponse(ByteString.copyFromUtf8(owner.id)).build());
        response.onCompleted();
      }

      assertThat(first.get()).contains(owner.id);
      assertThat(second.get()).contains(owner.id);
    } finally {
      pollers.shutdownNow();
    }
    assertThat(owner.received).hasSize(2);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aHostThatLeavesTakesItsBreakerAndComesBackWithAClosedOne() {
    MatchingServiceClient client = new MatchingServiceClient(ring.router(), CallSettings.defaults());
    String owner = ring.owner(MatchingServiceClient.ringKey(NORMAL));
    client.policy().breaker(owner).transitionToOpenState();
    assertThat(client.policy().breakerHosts()).contains(owner);

    ring.setMembers(IDS.stream().filter(id -> !id.equals(owner)).toList());
    await().atMost(Duration.ofSeconds(5)).until(() -> !client.policy().breakerHosts().contains(owner));

    ring.setMembers(IDS);
    assertThat(poll(client, NORMAL)).contains(owner);
    assertThat(client.policy().breaker(owner).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aPollThatFailsPassesTheStatusOn() {
    MatchingServiceClient client = new MatchingServiceClient(ring.router(), CallSettings.defaults());
    Host owner = hosts.get(ring.owner(MatchingServiceClient.ringKey(NORMAL)));
    owner.answer = response -> response.onError(Status.NOT_FOUND.withDescription("no such namespace").asRuntimeException());

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> poll(client, NORMAL));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(owner.received).hasSize(1);
  }

  private static Optional<String> poll(MatchingServiceClient client, TaskQueueKey queue) {
    return client.poll(queue, stub -> stub.pollWorkflowTaskQueue(PollRequest.newBuilder().setTaskQueue(queue).build())
        .getResponse().toStringUtf8());
  }

  /** A matching host that records the queues polled on it and answers with its id unless told otherwise. */
  static final class Host extends MatchingServiceGrpc.MatchingServiceImplBase {
    final String id;
    final List<TaskQueueKey> received = new CopyOnWriteArrayList<>();
    volatile java.util.function.Consumer<StreamObserver<PollWorkflowTaskQueueResponse>> answer = response -> {
      response.onNext(PollWorkflowTaskQueueResponse.newBuilder().setResponse(ByteString.copyFromUtf8(id())).build());
      response.onCompleted();
    };

    Host(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    @Override
    public void pollWorkflowTaskQueue(PollRequest request, StreamObserver<PollWorkflowTaskQueueResponse> response) {
      received.add(request.getTaskQueue());
      answer.accept(response);
    }
  }
}
