package dev.conduit.matching.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckTrackerTest {

  @Test
  void ackLevelMovesOnlyOverADonePrefix() {
    AckTracker tracker = new AckTracker(100);
    tracker.track(101);
    tracker.track(105);
    tracker.track(107);
    tracker.readUpTo(110);

    tracker.ack(105);
    assertThat(tracker.ackLevel()).as("101 is still pending").isEqualTo(100);
    tracker.ack(101);
    assertThat(tracker.ackLevel()).as("up to the gap before 107").isEqualTo(106);
    tracker.ack(107);
    assertThat(tracker.ackLevel()).as("everything read is done").isEqualTo(110);
    assertThat(tracker.outstandingCount()).isZero();
  }

  @Test
  void anEmptyReadMovesTheAckLevelToTheReadLevel() {
    AckTracker tracker = new AckTracker(7);
    tracker.readUpTo(50);
    assertThat(tracker.ackLevel()).isEqualTo(50);
    assertThat(tracker.readLevel()).isEqualTo(50);
  }

  @Test
  void acksOfUnknownTasksChangeNothing() {
    AckTracker tracker = new AckTracker(0);
    tracker.track(3);
    tracker.readUpTo(3);
    tracker.ack(2);
    assertThat(tracker.ackLevel()).isEqualTo(2);
    assertThat(tracker.outstandingCount()).isEqualTo(1);
  }
}
