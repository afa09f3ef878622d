package dev.conduit.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.proto.visibility.v1.VisibilityRecord;
import dev.conduit.visibility.KafkaVisibilityPublisher.VisibilityUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaVisibilityPublisherTest {
  private Instant now = Instant.parse("2026-12-05T22:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };
  private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
  private boolean kafkaDown;
  private final KafkaVisibilityPublisher publisher = new KafkaVisibilityPublisher(null, message -> {
    sent.add(message);
    if (kafkaDown) {
      throw new ExecutionException(new TimeoutException("Expiring 1 record(s): 10000 ms has passed"));
    }
  }, "conduit-visibility-test", clock);

  private static VisibilityRecord record(String workflowId) {
    return VisibilityRecord.newBuilder().setNamespaceId("ns-1").setWorkflowId(workflowId).setRunId("r").setVersion(7).build();
  }

  @Test
  void aRecordIsSentKeyedByWorkflowWithItsKindHeader() {
    publisher.publish(record("wf-1"));

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).topic()).isEqualTo("conduit-visibility-test");
    assertThat(sent.get(0).key()).isEqualTo("ns-1/wf-1");
    assertThat(new String(sent.get(0).headers().lastHeader(KafkaVisibilityPublisher.KIND_HEADER).value()))
        .isEqualTo(KafkaVisibilityPublisher.KIND);
  }

  @Test
  void whileKafkaIsDownPublishesFailAtOnceWithoutWaitingOnKafkaAndOneProbeClosesTheBreakerWhenItIsBack() {
    kafkaDown = true;
    for (int i = 0; i < KafkaVisibilityPublisher.MINIMUM_CALLS; i++) {
      assertThatThrownBy(() -> publisher.publish(record("wf"))).isInstanceOf(VisibilityUnavailableException.class)
          .hasMessageContaining("Expiring 1 record");
    }
    assertThat(sent).hasSize(KafkaVisibilityPublisher.MINIMUM_CALLS);
    assertThat(publisher.open()).isTrue();

    // open: no send reaches the producer, so no task thread waits on the delivery timeout
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> publisher.publish(record("wf"))).isInstanceOf(VisibilityUnavailableException.class)
          .hasMessageContaining("unreachable");
    }
    assertThat(sent).hasSize(KafkaVisibilityPublisher.MINIMUM_CALLS);

    // still down after the open period: one probe goes out, fails, and the breaker opens again
    now = now.plus(KafkaVisibilityPublisher.OPEN_FOR).plusMillis(1);
    assertThatThrownBy(() -> publisher.publish(record("wf"))).isInstanceOf(VisibilityUnavailableException.class);
    assertThat(sent).hasSize(KafkaVisibilityPublisher.MINIMUM_CALLS + 1);
    assertThatThrownBy(() -> publisher.publish(record("wf"))).hasMessageContaining("unreachable");
    assertThat(sent).hasSize(KafkaVisibilityPublisher.MINIMUM_CALLS + 1);

    // back: the next probe gets through and every publish after it goes to Kafka again
    kafkaDown = false;
    now = now.plus(KafkaVisibilityPublisher.OPEN_FOR).plusMillis(1);
    publisher.publish(record("wf-probe"));
    assertThat(publisher.open()).isFalse();
    publisher.publish(record("wf-after"));
    assertThat(sent).hasSize(KafkaVisibilityPublisher.MINIMUM_CALLS + 3);
    assertThat(sent.get(sent.size() - 1).key()).isEqualTo("ns-1/wf-after");
  }
}
