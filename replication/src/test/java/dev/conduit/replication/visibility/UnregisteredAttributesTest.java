package dev.conduit.replication.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A record's attribute that the registry here does not list waits for its registration a while, then not at all. */
class UnregisteredAttributesTest {
  private Instant now = Instant.parse("2026-12-06T12:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final UnregisteredAttributes unregistered = new UnregisteredAttributes(clock);

  @Test
  void aMissingAttributeWaitsForItsRegistrationUntilTheWaitHasPassedThenNoMore() {
    assertThat(unregistered.shouldWait("ns-1", "Region")).isTrue();
    now = now.plus(UnregisteredAttributes.WAIT.minusMillis(1));
    assertThat(unregistered.shouldWait("ns-1", "Region")).isTrue();
    now = now.plusMillis(1);
    assertThat(unregistered.shouldWait("ns-1", "Region")).isFalse();
    now = now.plus(Duration.ofMinutes(5));
    assertThat(unregistered.shouldWait("ns-1", "Region")).isFalse();
    // another namespace's attribute of the same name waits on its own
    assertThat(unregistered.shouldWait("ns-2", "Region")).isTrue();
  }

  @Test
  void anAttributeRegisteredAndRemovedLaterWaitsAfresh() {
    assertThat(unregistered.shouldWait("ns-1", "Region")).isTrue();
    now = now.plus(UnregisteredAttributes.WAIT);
    assertThat(unregistered.shouldWait("ns-1", "Region")).isFalse();
    unregistered.registered("ns-1", "Region");
    assertThat(unregistered.shouldWait("ns-1", "Region")).isTrue();
  }
}
