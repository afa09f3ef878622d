package dev.conduit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortAndDurationsTest {

  @Test
  void hostPortParsesNamesIpv4AndBracketedIpv6() {
    assertThat(HostPort.parse("frontend.service.consul:7233"))
        .isEqualTo(new HostPort("frontend.service.consul", 7233));
    assertThat(HostPort.parse("10.12.4.32:8000")).isEqualTo(new HostPort("10.12.4.32", 8000));
    assertThat(HostPort.parse("[::1]:7233")).isEqualTo(new HostPort("::1", 7233));
    assertThat(HostPort.parse("[::1]:7233").toString()).isEqualTo("[::1]:7233");
    assertThat(HostPort.parse("cassandra-1", 9042)).isEqualTo(new HostPort("cassandra-1", 9042));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.12.4.33         | has no port",
      "10.12.4.33:        | has a bad port ''",
      "10.12.4.33:80x     | has a bad port '80x'",
      "10.12.4.33:0       | port 0 is not in 1..65535",
      "10.12.4.33:65536   | port 65536 is not in 1..65535",
      "10.12.4.300:80     | '10.12.4.300' is not a valid host name or IP address",
      "bad host:80        | 'bad host' is not a valid host name or IP address",
      "::1:7233           | looks like a bare IPv6 address",
      "[::g]:7233         | '::g' is not a valid IPv6 address",
  })
  void badAddressesAreRejectedWithTheReason(String text, String reason) {
    assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({"30s, 30000", "60s, 60000", "1m, 60000", "500ms, 500", "1h30m, 5400000", "1.5s, 1500",
      "0, 0", "2d, 172800000", "250us, 0"})
  void durationsParseLikeTemporalFiles(String text, long millis) {
    assertThat(Durations.parse(text).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30x", "-5s", "s", "", "1..5s", "1e3s"})
  void badDurationsAreRejected(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bareNumberDurationAsksForAUnit() {
    assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("needs a unit");
  }

  @Test
  void durationsFormatBackToConfigSyntax() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
