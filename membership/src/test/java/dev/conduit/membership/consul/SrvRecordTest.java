package dev.conduit.membership.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrvRecordTest {

  @Test
  void parsesThePresentationFormJndiAnswers() {
    SrvRecord record = SrvRecord.parse("1 1 7233 7f000001.addr.dc1.consul.");

    assertThat(record).isEqualTo(new SrvRecord(1, 1, 7233, "7f000001.addr.dc1.consul."));
  }

  @Test
  void rejectsWhatIsNotAnSrvRecord() {
    assertThatThrownBy(() -> SrvRecord.parse("127.0.0.1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1");
    assertThatThrownBy(() -> SrvRecord.parse("1 1 port target")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serviceNamesFollowConsulsDnsLayout() {
    assertThat(new ConsulDns("127.0.0.1", 8600).serviceName("frontend")).isEqualTo("frontend.service.consul");
  }
}
