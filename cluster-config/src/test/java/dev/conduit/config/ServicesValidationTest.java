package dev.conduit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.conduit.config.TestConfigs.errorsOf;
import static dev.conduit.config.TestConfigs.rawSeed;
import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.assertError;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.seed;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServicesValidationTest {

  @Test
  void portOutsideOneTo65535IsRejected() {
    assertError(edit(seed(), "grpcPort: 7235", "grpcPort: 65536"),
        "services.matching.rpc.grpcPort", "port 65536 is not in 1..65535");
    assertError(edit(seed(), "membershipPort: 6940", "membershipPort: 0"),
        "services.worker.rpc.membershipPort", "port 0 is not in 1..65535");
  }

  @Test
  void missingPortIsRequired() {
    assertError(edit(MINIMAL, "      membershipPort: 6933\n", ""),
        "services.frontend.rpc.membershipPort", "is required");
  }

  @Test
  void badBindOnIpIsRejected() {
    assertError(edit(seed(), "bindOnIP: \"0.0.0.0\"", "bindOnIP: \"0.0.0.256\""),
        "services.frontend.rpc.bindOnIP", "'0.0.0.256' is not a valid IPv4 or IPv6 address");
    assertError(edit(seed(), "bindOnIP: \"0.0.0.0\"", "bindOnIP: \"localhost\""),
        "services.frontend.rpc.bindOnIP", "'localhost' is not a valid IPv4 or IPv6 address");
  }

  @Test
  void bindOnIpAndBindOnLocalHostAreExclusive() {
    String yaml = edit(seed(), "bindOnLocalHost: false\n      bindOnIP", "bindOnLocalHost: true\n      bindOnIP");

    assertError(yaml, "services.frontend.rpc.bindOnIP", "cannot be combined with bindOnLocalHost: true");
  }

  @Test
  void badBroadcastAddressIsRejected() {
    assertError(edit(seed(), "broadcastAddress: \"127.0.0.1\"", "broadcastAddress: \"127.0.0\""),
        "global.membership.broadcastAddress", "'127.0.0' is not a valid IPv4 or IPv6 address");
  }

  @Test
  void keysNothingActsOnAreRefusedByName() {
    List<ConfigError> errors = errorsOf(rawSeed());

    assertThat(errors).extracting(ConfigError::path).containsExactlyInAnyOrder(
        "global.membership.maxJoinDuration", "global.pprof",
        "services.frontend.metrics", "services.history.metrics", "services.matching.metrics", "services.worker.metrics");
    assertThat(errors).allSatisfy(error -> assertThat(error.message()).startsWith("is not implemented by Conduit ("));
  }

  @Test
  void twoRolesOnOnePortAreRejected() {
    assertError(edit(seed(), "grpcPort: 7235", "grpcPort: 7233"),
        "services.matching.rpc.grpcPort", "port 7233 is already used by services.frontend.rpc.grpcPort");
  }

  @Test
  void tlsTheClientsCannotUseIsRefused() {
    assertError(edit(seed(), "tls:\n    enabled: false", "tls:\n    enabled: true"), "kafka.tls", "is not implemented by Conduit");
  }

  @Test
  void consulHealthCheckIntervalIsReadAndMustBePositive() {
    assertThat(TestConfigs.load(MINIMAL + "consul:\n  healthCheckInterval: 5s\n").consul().healthCheckInterval())
        .isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(TestConfigs.load(MINIMAL).consul().healthCheckInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
    assertError(MINIMAL + "consul:\n  healthCheckInterval: 0s\n", "consul.healthCheckInterval", "must be longer than 0");
  }

  @Test
  void servicesMustNotBeEmpty() {
    String yaml = MINIMAL.substring(0, MINIMAL.indexOf("services:")) + "services: {}\n"
        + MINIMAL.substring(MINIMAL.indexOf("clusterMetadata:"));

    assertError(yaml, "services", "must configure at least one of frontend, history, matching, replication, worker");
  }
}
