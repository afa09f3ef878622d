package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.config.services.ServiceName;
import org.junit.jupiter.api.Test;

/** {@code up --hosts}: what it reads, what it refuses, and what {@code down} is told to stop. */
class HostCountsTest {

  @Test
  void countsPerRoleWithOneHostForRolesNotNamed() {
    HostCounts hosts = HostCounts.parse("frontend=2, history=3,matching=2");

    assertThat(hosts.of(ServiceName.FRONTEND)).isEqualTo(2);
    assertThat(hosts.of(ServiceName.HISTORY)).isEqualTo(3);
    assertThat(hosts.of(ServiceName.MATCHING)).isEqualTo(2);
    assertThat(hosts.of(ServiceName.REPLICATION)).isEqualTo(1);
    assertThat(HostCounts.parse("").of(ServiceName.HISTORY)).isEqualTo(1);
  }

  @Test
  void theTextRoundTripsInRoleOrderSoDownStopsWhatUpStarted() {
    assertThat(HostCounts.parse("frontend=2,history=3").text()).isEqualTo("history=3,frontend=2");
    assertThat(HostCounts.parse(HostCounts.parse("matching=2,history=3").text()))
        .isEqualTo(HostCounts.parse("history=3,matching=2"));
    assertThat(HostCounts.one().text()).isEmpty();
  }

  @Test
  void aLaterUpWithFewerHostsStillStopsTheMostThatRan() {
    HostCounts merged = HostCounts.parse("history=3,frontend=2").atLeast(HostCounts.parse("history=2,matching=2"));

    assertThat(merged.of(ServiceName.HISTORY)).isEqualTo(3);
    assertThat(merged.of(ServiceName.FRONTEND)).isEqualTo(2);
    assertThat(merged.of(ServiceName.MATCHING)).isEqualTo(2);
  }

  @Test
  void hostKBindsTheKthLoopbackAddress() {
    assertThat(HostCounts.address(1)).isEqualTo("127.0.0.1");
    assertThat(HostCounts.address(3)).isEqualTo("127.0.0.3");
  }

  @Test
  void badCountsAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> HostCounts.parse("history")).hasMessageContaining("'history' is not role=N");
    assertThatThrownBy(() -> HostCounts.parse("worker=2")).hasMessageContaining("'worker' is not one of the roles");
    assertThatThrownBy(() -> HostCounts.parse("history=x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> HostCounts.parse("history=0")).hasMessageContaining("outside 1..9");
    assertThatThrownBy(() -> HostCounts.parse("history=10")).hasMessageContaining("outside 1..9");
    assertThatThrownBy(() -> HostCounts.parse("history=2,history=3")).hasMessageContaining("names history twice");
    assertThatThrownBy(() -> HostCounts.parse("replication=2")).hasMessageContaining("replication runs on one host");
  }
}
