package dev.conduit.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestLeftoversTest {
  private static final Instant MADE = Instant.parse("2026-12-05T18:00:00Z");

  @Test
  void aKeyspaceIsLeftOnlyOnceItIsOlderThanAnyRun() {
    String keyspace = TestLeftovers.PREFIX + TestLeftovers.newId(MADE);
    assertThat(keyspace).matches("conduit_e2e_[0-9a-z]{12}");
    assertThat(TestLeftovers.stale(keyspace, MADE)).isFalse();
    assertThat(TestLeftovers.stale(keyspace, MADE.plus(TestLeftovers.STALE_AFTER).minusSeconds(1))).isFalse();
    assertThat(TestLeftovers.stale(keyspace, MADE.plus(TestLeftovers.STALE_AFTER).plus(Duration.ofSeconds(1)))).isTrue();
  }

  @Test
  void idsWithoutATimeAreLeftAndOtherKeyspacesAreNeverTouched() {
    assertThat(TestLeftovers.stale("conduit_e2e_e3ca9cb40d", MADE)).isTrue();
    assertThat(TestLeftovers.stale("conduit_e2e_zz!zzzzabcde", MADE)).isTrue();
    assertThat(TestLeftovers.stale("conduit_active", MADE)).isFalse();
    assertThat(TestLeftovers.stale("conduit_it_exec_05d32db62b27", MADE)).isFalse();
    assertThat(TestLeftovers.stale("system_schema", MADE)).isFalse();
  }

  @Test
  void testTopicsAndIndicesAreLeftByTheTimeInTheirIdAndOthersAreNeverTouched() {
    String id = TestLeftovers.newId(MADE);
    Instant later = MADE.plus(TestLeftovers.STALE_AFTER).plusSeconds(1);
    for (String topic : new String[] {"conduit-e2e-" + id + "-standby", "conduit-e2e-" + id + "-active-dlq",
        "conduit-visibility-e2e-" + id, "conduit-visibility-e2e-" + id + "-dlq"}) {
      assertThat(TestLeftovers.staleTopic(topic, MADE)).as(topic).isFalse();
      assertThat(TestLeftovers.staleTopic(topic, later)).as(topic).isTrue();
    }
    assertThat(TestLeftovers.staleTopic("conduit-e2e-74897cd5-standby", MADE)).isTrue();
    assertThat(TestLeftovers.staleTopic("conduit-visibility-active", later)).isFalse();
    assertThat(TestLeftovers.staleTopic("standby-dlq", later)).isFalse();
    assertThat(TestLeftovers.staleTopic("__consumer_offsets", later)).isFalse();
  }
}
