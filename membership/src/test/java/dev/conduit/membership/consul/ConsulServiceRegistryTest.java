package dev.conduit.membership.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ecwid.consul.v1.agent.model.NewService;
import dev.conduit.membership.RegistryException;
import dev.conduit.membership.ServiceInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsulServiceRegistryTest {
  private static final ServiceInstance HISTORY = ServiceInstance.of("conduit-history", "history-1", "10.0.0.7", 7234)
      .withTags(List.of("cluster-a"))
      .withMeta(Map.of("cluster", "cluster-a"));

  @Test
  void registrationCarriesTcpCheckOfTheInstancePort() {
    ConsulSettings settings = ConsulSettings.local().withCheckInterval(Duration.ofMillis(1500)).withDeregisterAfter(Duration.ofMinutes(2));

    NewService body = ConsulServiceRegistry.newService(HISTORY, settings);

    assertThat(body.getId()).isEqualTo("history-1");
    assertThat(body.getName()).isEqualTo("conduit-history");
    assertThat(body.getAddress()).isEqualTo("10.0.0.7");
    assertThat(body.getPort()).isEqualTo(7234);
    assertThat(body.getTags()).containsExactly("cluster-a");
    assertThat(body.getMeta()).containsEntry("cluster", "cluster-a");
    assertThat(body.getCheck().getTcp()).isEqualTo("10.0.0.7:7234");
    assertThat(body.getCheck().getInterval()).isEqualTo("1500ms");
    assertThat(body.getCheck().getTimeout()).isEqualTo("1500ms");
    assertThat(body.getCheck().getDeregisterCriticalServiceAfter()).isEqualTo("120s");
  }

  @Test
  void checkTimeoutIsCappedSoSlowIntervalsDoNotMeanSlowProbes() {
    NewService body = ConsulServiceRegistry.newService(HISTORY, ConsulSettings.local().withCheckInterval(Duration.ofMinutes(1)));

    assertThat(body.getCheck().getInterval()).isEqualTo("60s");
    assertThat(body.getCheck().getTimeout()).isEqualTo("10s");
  }

  @Test
  void unreachableAgentIsARetryableRegistryError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ConsulSettings settings = new ConsulSettings("127.0.0.1", closedPort, "secret-token", null, Duration.ofSeconds(1), Duration.ofMinutes(1));
    ConsulServiceRegistry registry = new ConsulServiceRegistry(settings);

    assertThatThrownBy(() -> registry.register(HISTORY))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("registering conduit-history/history-1")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageNotContaining("secret-token");
    assertThatThrownBy(() -> registry.healthyInstances("conduit-history")).isInstanceOf(RegistryException.class);
  }

  @Test
  void settingsRejectNonsenseAndHideTheToken() {
    ConsulSettings settings = new ConsulSettings("consul.internal", 8500, "s3cret", " ", Duration.ofSeconds(5), Duration.ofMinutes(1));

    assertThat(settings.datacenter()).as("blank means the agent's own").isNull();
    assertThat(settings.toString()).doesNotContain("s3cret").contains("consul.internal:8500");
    assertThatThrownBy(() -> new ConsulSettings("h", 8500, null, null, Duration.ZERO, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkInterval");
    assertThatThrownBy(() -> new ConsulSettings("h", 0, null, null, Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void durationsAreWrittenAsGoDurations() {
    assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GoDuration.format(Duration.ofNanos(5))).isEqualTo("1ms");
  }
}
