package dev.conduit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.membership.Member;
import dev.conduit.membership.MembershipMonitor;
import dev.conduit.membership.ServiceInstance;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hosts of one service on a real {@link MembershipMonitor} fed by a fake registry: each member is an in-process
 * server named {@code "<service>/<member id>"}, and {@link #router()} routes on the monitor's ring to them.
 */
public final class TestRing implements AutoCloseable {
  private final String service;
  private final FakeRegistry registry;
  private final MembershipMonitor monitor;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  public TestRing(String service, Map<String, ? extends BindableService> hosts) throws InterruptedException {
    this.service = service;
    for (Map.Entry<String, ? extends BindableService> host : hosts.entrySet()) {
      serve(host.getKey(), host.getValue());
    }
    this.registry = new FakeRegistry(instances(List.copyOf(hosts.keySet())));
    this.monitor = new MembershipMonitor(registry, service,
        new MembershipMonitor.Settings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(50), 64));
    monitor.start();
    closeables.push(monitor);
    assertThat(monitor.awaitFirstView(Duration.ofSeconds(5))).isTrue();
  }

  public MembershipMonitor monitor() {
    return monitor;
  }

  /** A ring router over in-process channels to the hosts (closed with this ring). */
  public Router router() {
    return router(member -> InProcessChannelBuilder.forName(service + "/" + member.id()).build());
  }

  public Router router(Function<Member, ManagedChannel> open) {
    Router router = Router.ring(monitor, new MemberChannels(open));
    closeables.push(router);
    return router;
  }

  /** The ring's owner of {@code key} now. */
  public String owner(String key) {
    return monitor.owner(key).orElseThrow().id();
  }

  /** Makes {@code ids} the healthy members, and waits until the monitor sees it. */
  public void setMembers(List<String> ids) {
    registry.set(instances(ids));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> monitor.members().stream().map(Member::id).toList().equals(ids.stream().sorted().toList()));
  }

  private void serve(String id, BindableService service) {
    try {
      Server server = InProcessServerBuilder.forName(this.service + "/" + id).addService(service).build().start();
      closeables.push(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<ServiceInstance> instances(List<String> ids) {
    List<ServiceInstance> instances = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      instances.add(ServiceInstance.of(service, ids.get(i), "127.0.0.1", 7100 + i));
    }
    return instances;
  }

  @Override
  public void close() throws Exception {
    while (!closeables.isEmpty()) {
      closeables.pop().close();
    }
  }
}
