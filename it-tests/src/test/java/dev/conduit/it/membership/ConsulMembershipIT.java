package dev.conduit.it.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.catalog.CatalogServiceRequest;
import com.ecwid.consul.v1.catalog.model.CatalogService;
import com.ecwid.consul.v1.health.HealthChecksForServiceRequest;
import com.ecwid.consul.v1.health.model.Check;
import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.it.support.RealServers;
import dev.conduit.membership.HashRing;
import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipChange;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.membership.ServiceInstance;
import dev.conduit.membership.consul.ConsulDns;
import dev.conduit.membership.consul.ConsulServiceRegistry;
import dev.conduit.membership.consul.ConsulSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, health checking, DNS and the membership monitor against the real Consul agent the
 * launcher runs. Instances are real TCP listeners on loopback, so Consul's own TCP checks decide health.
 */
class ConsulMembershipIT {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulMembershipIT.class);
  // a 1 s check interval keeps each health transition within a few seconds
  private static final ConsulSettings SETTINGS = ConsulSettings.local().withCheckInterval(Duration.ofSeconds(1));
  private static final Duration TRANSITION = Duration.ofSeconds(30);
  private static final String CLUSTER_TAG = "cluster-it";

  private static ConsulServiceRegistry registry;
  private static ConsulClient consul;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<ServiceInstance> registered = new ArrayList<>();
  private final List<TcpInstance> listeners = new ArrayList<>();
  private final List<MembershipMonitor> monitors = new ArrayList<>();

  @BeforeAll
  static void startConsul() {
    RealServers.require(LocalDependencies.CONSUL);
    registry = new ConsulServiceRegistry(SETTINGS);
    consul = new ConsulClient("127.0.0.1", LocalDependencies.CONSUL_HTTP_PORT);
  }

  @AfterEach
  void cleanUp() {
    monitors.forEach(MembershipMonitor::close);
    registered.forEach(instance -> registry.deregister(instance.id()));
    listeners.forEach(TcpInstance::close);
  }

  @Test
  void tcpCheckDecidesHealthAndDeregisterRemovesTheInstance() throws IOException {
    String service = serviceName("history");
    TcpInstance listener = listen();
    ServiceInstance instance = register(service, "h1", listener);

    long passing = timeUntil(() -> checkStatus(service, "h1") == Check.CheckStatus.PASSING);
    LOG.info("TCP check of {} passing {} ms after registration", instance.id(), passing);
    assertThat(registry.healthyInstances(service)).containsExactly(instance);

    // registering the same id again replaces, never duplicates
    registry.register(instance.withMeta(Map.of("grpcPort", String.valueOf(listener.port()), "generation", "2")));
    assertThat(catalogIds(service)).containsExactly("h1");
    await().atMost(TRANSITION).untilAsserted(() ->
        assertThat(registry.healthyInstances(service)).singleElement().satisfies(i -> assertThat(i.meta()).containsEntry("generation", "2")));

    listener.close();
    long critical = timeUntil(() -> checkStatus(service, "h1") == Check.CheckStatus.CRITICAL);
    LOG.info("TCP check of {} critical {} ms after its port closed", instance.id(), critical);
    assertThat(registry.healthyInstances(service)).isEmpty();
    assertThat(catalogIds(service)).as("unhealthy is still registered").containsExactly("h1");

    registry.deregister("h1");
    assertThat(catalogIds(service)).isEmpty();
    assertThat(checkStatus(service, "h1")).isNull();
  }

  @Test
  void consulDnsAnswersTheHealthyInstanceWithItsAddressAndPort() throws IOException {
    String service = serviceName("frontend");
    TcpInstance listener = listen();
    register(service, "f1", listener);
    timeUntil(() -> registry.healthyInstances(service).size() == 1);
    ConsulDns dns = new ConsulDns("127.0.0.1", LocalDependencies.CONSUL_DNS_PORT);

    assertThat(dns.addresses(service)).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(dns.srv(service)).singleElement().satisfies(srv -> assertThat(srv.port()).isEqualTo(listener.port()));
    assertThat(dns.endpoints(service)).containsExactly(new InetSocketAddress("127.0.0.1", listener.port()));

    listener.close();
    long gone = timeUntil(() -> dns.addresses(service).isEmpty());
    LOG.info("{} left Consul DNS {} ms after its port closed", dns.serviceName(service), gone);
    assertThat(dns.srv(service)).isEmpty();
  }

  @Test
  void monitorSeesASecondInstanceJoinAndLeaveAndOwnersFollow() throws IOException, InterruptedException {
    String service = serviceName("matching");
    TcpInstance first = listen();
    Member m1 = register(service, "m1", first).member();
    timeUntil(() -> registry.healthyInstances(service).size() == 1);

    // a long wait: a change seen within seconds proves the blocking query returns on change, not on timeout
    MembershipMonitor monitor = new MembershipMonitor(registry, service,
        new MembershipMonitor.Settings(Duration.ofSeconds(120), Duration.ofMillis(200), Duration.ofSeconds(2), 500));
    monitors.add(monitor);
    BlockingQueue<MembershipChange> changes = new LinkedBlockingQueue<>();
    monitor.addListener((change, ring) -> changes.add(change));
    monitor.start();
    assertThat(monitor.awaitFirstView(TRANSITION)).isTrue();
    assertThat(next(changes).joined()).containsExactly(m1);
    assertThat(monitor.owner("task-queue-7")).contains(m1);

    TcpInstance second = listen();
    long joinStart = System.nanoTime();
    Member m2 = register(service, "m2", second).member();
    MembershipChange joined = next(changes);
    LOG.info("monitor saw {} join {} ms after registration", m2.id(), millisSince(joinStart));
    assertThat(joined.joined()).containsExactly(m2);
    assertThat(monitor.members()).containsExactly(m1, m2);
    List<String> movedToM2 = keysOwnedBy(monitor, m2);
    assertThat(movedToM2).as("the joiner takes over some keys").isNotEmpty();
    HashRing expected = HashRing.of(List.of(m1, m2), 500);
    for (int k = 0; k < 200; k++) {
      assertThat(monitor.owner("task-queue-" + k)).isEqualTo(expected.owner("task-queue-" + k));
    }

    long leaveStart = System.nanoTime();
    second.close();
    MembershipChange left = next(changes);
    LOG.info("monitor saw {} leave {} ms after its port closed", m2.id(), millisSince(leaveStart));
    assertThat(left.left()).containsExactly(m2);
    assertThat(monitor.members()).containsExactly(m1);
    for (String key : movedToM2) {
      assertThat(monitor.owner(key)).as("keys of a departed member go back").contains(m1);
    }

    registry.deregister("m1");
    assertThat(next(changes).left()).containsExactly(m1);
    assertThat(monitor.owner("task-queue-7")).isEmpty();
  }

  @Test
  void unknownServicesAndIdsAreEmptyNotErrors() {
    String service = serviceName("nobody");

    assertThat(registry.healthyInstances(service)).isEmpty();
    registry.deregister(service + "-no-such-id");
    assertThat(new ConsulDns("127.0.0.1", LocalDependencies.CONSUL_DNS_PORT).addresses(service)).isEmpty();
  }

  private String serviceName(String role) {
    return "conduit-it-" + role + "-" + run;
  }

  private TcpInstance listen() throws IOException {
    TcpInstance listener = TcpInstance.open();
    listeners.add(listener);
    return listener;
  }

  private ServiceInstance register(String service, String id, TcpInstance listener) {
    ServiceInstance instance = ServiceInstance.of(service, id, "127.0.0.1", listener.port())
        .withTags(List.of(CLUSTER_TAG))
        .withMeta(Map.of("grpcPort", String.valueOf(listener.port())));
    registry.register(instance);
    registered.add(instance);
    return instance;
  }

  private static Check.CheckStatus checkStatus(String service, String instanceId) {
    return consul.getHealthChecksForService(service, HealthChecksForServiceRequest.newBuilder().build()).getValue().stream()
        .filter(check -> instanceId.equals(check.getServiceId()))
        .map(Check::getStatus)
        .findFirst()
        .orElse(null);
  }

  private static List<String> catalogIds(String service) {
    return consul.getCatalogService(service, CatalogServiceRequest.newBuilder().build()).getValue().stream()
        .map(CatalogService::getServiceId)
        .toList();
  }

  private static List<String> keysOwnedBy(MembershipMonitor monitor, Member member) {
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      if (monitor.owner("task-queue-" + k).orElseThrow().equals(member)) {
        keys.add("task-queue-" + k);
      }
    }
    return keys;
  }

  private static MembershipChange next(BlockingQueue<MembershipChange> changes) throws InterruptedException {
    MembershipChange change = changes.poll(TRANSITION.toSeconds(), TimeUnit.SECONDS);
    assertThat(change).as("a membership change within " + TRANSITION).isNotNull();
    return change;
  }

  /** Waits (bounded) for the condition and answers how long it took, in milliseconds. */
  private static long timeUntil(Callable<Boolean> condition) {
    long start = System.nanoTime();
    await().atMost(TRANSITION).pollInterval(Duration.ofMillis(100)).until(condition);
    return millisSince(start);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
