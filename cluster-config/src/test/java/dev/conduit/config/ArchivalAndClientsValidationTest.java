package dev.conduit.config;

import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.assertError;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.load;
import static dev.conduit.config.TestConfigs.seed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArchivalAndClientsValidationTest {

  @Test
  void enabledArchivalNeedsAProvider() {
    String yaml = MINIMAL + "archival:\n  history:\n    state: enabled\n";

    assertError(yaml, "archival.history.provider", "is required when state is enabled");
  }

  @Test
  void badArchivalStateIsRejected() {
    String yaml = MINIMAL + "archival:\n  visibility:\n    state: running\n";

    assertError(yaml, "archival.visibility.state", "'running' is not one of enabled, disabled, paused");
  }

  @Test
  void fileModeMustBeOctal() {
    assertError(edit(seed(), "fileMode: \"0666\"", "fileMode: \"0686\""),
        "archival.history.provider.filestore.fileMode", "'0686' is not an octal file mode");
    assertError(edit(seed(), "dirMode: \"0766\"", "dirMode: 0766"),
        "archival.history.provider.filestore.dirMode", "expected a string but found an integer");
  }

  @Test
  void namespaceDefaultUriNeedsAProviderForItsScheme() {
    assertError(
        edit(seed(), "URI: \"file:///tmp/temporal_archival/development\"", "URI: \"s3://bucket/history\""),
        "namespaceDefaults.archival.history.URI", "scheme 's3' has no archival provider");
  }

  @Test
  void enabledNamespaceDefaultNeedsAUri() {
    assertError(edit(seed(), "      URI: \"file:///tmp/temporal_vis_archival/development\"\n", ""),
        "namespaceDefaults.archival.visibility.URI", "is required when state is enabled");
  }

  @Test
  void publicClientAcceptsDnsTargets() {
    ClusterConfig config = load(MINIMAL + "publicClient:\n  hostPort: \"dns:///frontend.service.consul:7233\"\n");

    assertThat(config.publicClient().orElseThrow().usesDnsResolver()).isTrue();
    assertThat(config.publicClient().orElseThrow().address())
        .isEqualTo(new HostPort("frontend.service.consul", 7233));
  }

  @Test
  void badPublicClientAddressIsRejected() {
    assertError(edit(seed(), "hostPort: \"10.12.4.32:7233\"", "hostPort: \"10.12.4.32\""),
        "publicClient.hostPort", "has no port");
  }

  @Test
  void consulSectionOverridesDefaults() {
    ClusterConfig config = load(MINIMAL + """
        consul:
          address: "10.0.0.5:8500"
          datacenter: east
          serviceNamePrefix: east-
          deregisterCriticalServiceAfter: 2m
        """);

    assertThat(config.consul().address()).isEqualTo(new HostPort("10.0.0.5", 8500));
    assertThat(config.consul().dnsAddress()).isEqualTo(ConsulConfig.DEFAULT_DNS_ADDRESS);
    assertThat(config.consul().serviceName("frontend")).isEqualTo("east-frontend");
    assertThat(config.consul().deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void consulValuesAreChecked() {
    String yaml = MINIMAL + """
        consul:
          dnsAddress: "127.0.0.1"
          serviceNamePrefix: "east."
          deregisterCriticalServiceAfter: 30s
        """;

    assertError(yaml, "consul.dnsAddress", "has no port");
    assertError(yaml, "consul.serviceNamePrefix", "may hold only letters, digits and '-'");
    assertError(yaml, "consul.deregisterCriticalServiceAfter", "must be at least 1m, was 30s");
  }
}
