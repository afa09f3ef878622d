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
}
