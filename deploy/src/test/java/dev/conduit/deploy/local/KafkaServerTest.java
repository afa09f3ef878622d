package dev.conduit.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The cluster id Kafka's storage is formatted with. */
class KafkaServerTest {

  @Test
  void clusterIdsAreSixteenBytesInKafkaFormAndNeverReadAsAnOption() {
    for (int i = 0; i < 10_000; i++) { // about 156 of them would begin with '-' if drawn once
      String id = KafkaServer.randomClusterId();
      assertThat(id).hasSize(22).doesNotStartWith("-");
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }
  }
}
