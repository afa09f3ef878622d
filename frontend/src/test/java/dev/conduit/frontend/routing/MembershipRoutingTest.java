package dev.conduit.frontend.routing;
import dev.conduit.membership.grpc.MemberChannels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.conduit.frontend.FakeHistory;
import dev.conduit.frontend.FakeMatching;
import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.membership.ServiceInstance;
import dev.conduit.proto.history.v1.DescribeWorkflowExecutionRequest;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.TaskQueueKey;
import dev.conduit.proto.matching.v1.TaskQueueType;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The membership routers over a real {@link MembershipMonitor} fed by a fake registry; each member is an
 * in-process fake server named by its member id.
 */
class MembershipRoutingTest {
  private static final List<String> IDS = List.of("node-a", "node-b", "node-c");
  private final Map<String, FakeHistory> histories = new LinkedHashMap<>();
  private final Map<String, FakeMatching> matchings = new LinkedHashMap<>();
  private final List<Server> servers = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachShardGoesToItsOwnerOnTheHistoryRing() throws Exception {
    FakeRegistry registry = new FakeRegistry(instances("history", IDS));
    MembershipMonitor monitor = monitor(registry, "history");
    MemberChannels channels = channels("history");
    MembershipHistoryRouter router = new MembershipHistoryRouter(monitor, channels);
    closeables.add(0, router);

    for (int shard = 0; shard < 32; shard++) {
      router.history(shard).describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder().setNamespaceId("shard-" + shard).build());
      String owner = monitor.owner(Integer.toString(shard)).orElseThrow().id();
      assertThat(histories.get(owner).calls.received()).last()
          .extracting(call -> ((DescribeWorkflowExecutionRequest) call.request()).getNamespaceId())
          .isEqualTo("shard-" + shard);
    }
    int total = histories.values().stream().mapToInt(h -> h.calls.received().size()).sum();
    assertThat(total).isEqualTo(32);
    // one channel per member, reused by every call
    assertThat(channels.open().keySet()).extracting(Member::id).containsExactlyInAnyOrderElementsOf(IDS);
  }

  @Test
  void aMemberThatLeavesLosesItsShardsAndItsChannel() throws Exception {
    FakeRegistry registry = new FakeRegistry(instances("history", IDS));
    MembershipMonitor monitor = monitor(registry, "history");
    MemberChannels channels = channels("history");
    MembershipHistoryRouter router = new MembershipHistoryRouter(monitor, channels);
    closeables.add(0, router);
    for (int shard = 0; shard < 32; shard++) {
      router.history(shard);
    }
    ManagedChannel toA = channels.open().entrySet().stream()
        .filter(e -> e.getKey().id().equals("node-a")).findFirst().orElseThrow().getValue();

    registry.set(instances("history", List.of("node-b", "node-c")));
    await().atMost(Duration.ofSeconds(5)).until(() -> monitor.members().size() == 2);

    assertThat(toA.isShutdown()).isTrue();
    assertThat(channels.open().keySet()).extracting(Member::id).doesNotContain("node-a");
    for (int shard = 0; shard < 32; shard++) {
      router.history(shard).describeWorkflowExecution(DescribeWorkflowExecutionRequest.getDefaultInstance());
    }
    assertThat(histories.get("node-a").calls.received()).isEmpty();
  }

  @Test
  void withoutMembersAShardIsUnavailable() throws Exception {
    MembershipMonitor monitor = monitor(new FakeRegistry(List.of()), "history");
    MembershipHistoryRouter router = new MembershipHistoryRouter(monitor, channels("history"));
    closeables.add(0, router);
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> router.history(3));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("shard 3");
  }

  @Test
  void aTaskQueueGoesToTheOwnerOfItsRingKey() throws Exception {
    MembershipMonitor monitor = monitor(new FakeRegistry(instances("matching", IDS)), "matching");
    MembershipMatchingRouter router = new MembershipMatchingRouter(monitor, channels("matching"));
    closeables.add(0, router);
    TaskQueueKey normal = TaskQueueKey.newBuilder().setNamespaceId("ns").setName("checkout")
        .setType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build();
    TaskQueueKey sticky = normal.toBuilder().setName("host:sticky").setSticky(true).build();
    assertThat(MatchingRouter.ringKey(normal)).isEqualTo("ns/checkout/1");
    assertThat(MatchingRouter.ringKey(sticky)).isEqualTo("ns/host:sticky/1/sticky");

    for (TaskQueueKey queue : List.of(normal, sticky)) {
      router.matching(queue).pollWorkflowTaskQueue(PollRequest.newBuilder().setTaskQueue(queue).build());
      String owner = monitor.owner(MatchingRouter.ringKey(queue)).orElseThrow().id();
      assertThat(matchings.get(owner).calls.received()).last()
          .extracting(call -> ((PollRequest) call.request()).getTaskQueue()).isEqualTo(queue);
    }
  }

  private MembershipMonitor monitor(FakeRegistry registry, String service) throws InterruptedException {
    MembershipMonitor monitor = new MembershipMonitor(registry, service,
        new MembershipMonitor.Settings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(50), 64));
    monitor.start();
    closeables.add(monitor);
    assertThat(monitor.awaitFirstView(Duration.ofSeconds(5))).isTrue();
    return monitor;
  }

  /** Starts one fake server per member, reachable in-process under "service/member id". */
  private MemberChannels channels(String service) throws Exception {
    for (String id : IDS) {
      InProcessServerBuilder builder = InProcessServerBuilder.forName(service + "/" + id);
      if (service.equals("history")) {
        builder.addService(histories.computeIfAbsent(id, k -> new FakeHistory()));
      } else {
        builder.addService(matchings.computeIfAbsent(id, k -> new FakeMatching()));
      }
      servers.add(builder.build().start());
    }
    return new MemberChannels(member -> InProcessChannelBuilder.forName(service + "/" + member.id()).build());
  }

  private static List<ServiceInstance> instances(String service, List<String> ids) {
    List<ServiceInstance> instances = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      instances.add(ServiceInstance.of(service, ids.get(i), "127.0.0.1", 7100 + i));
    }
    return instances;
  }
}
