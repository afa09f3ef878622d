package dev.conduit.history.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.ManualClock;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a waiting standby task asks the active cluster for a run's history: not before the delay, once per run
 * however many tasks wait, less and less often while nothing is missing, and with the branch's version history.
 */
class StandbyResendTest {
  private static final Duration DELAY = Duration.ofMinutes(10);
  private static final WorkflowKey RUN = new WorkflowKey("ns", "wf", "run");

  private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final Instant waitingSince = clock.instant();
  private final List<String> reads = new ArrayList<>();
  private final List<List<VersionHistoryItem>> applied = new ArrayList<>();
  private ReplicationPlan.Kind outcome = ReplicationPlan.Kind.DUPLICATE;
  private RuntimeException failure;
  private final List<Runnable> queued = new ArrayList<>();
  private java.util.concurrent.Executor executor = Runnable::run;
  private final StandbyResend resend = new StandbyResend((cluster, key) -> {
    reads.add(cluster + "/" + key.runId());
    if (failure != null) {
      throw failure;
    }
    return List.of(event(1, 1), event(2, 1), event(3, 2), event(4, 12));
  }, () -> DELAY, clock, runnable -> executor.execute(runnable));

  private boolean overdue() {
    return overdue(RUN);
  }

  private boolean overdue(WorkflowKey run) {
    return resend.overdue(run, "active", waitingSince, (key, versionHistory, events) -> {
      applied.add(versionHistory);
      return new ReplicationPlan(outcome, List.of(), 3);
    });
  }

  @Test
  void asksOnlyOnceTheDelayIsOverAndOncePerRunWithTheVersionHistoryOfTheEvents() {
    clock.advance(DELAY.minusSeconds(1));
    assertThat(overdue()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(overdue()).isTrue();
    assertThat(overdue()).as("another task of the run").isFalse();

    assertThat(reads).containsExactly("active/run");
    assertThat(applied.get(0)).extracting(VersionHistoryItem::getEventId, VersionHistoryItem::getVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1L), org.assertj.core.groups.Tuple.tuple(3L, 2L),
            org.assertj.core.groups.Tuple.tuple(4L, 12L));
  }

  @Test
  void whileNothingIsMissingTheWaitDoublesUpToItsBoundAndEventsFoundBringItBack() {
    clock.advance(DELAY);
    List<Duration> waits = new ArrayList<>();
    Instant last = null;
    for (int asked = 0; asked < 7; ) {
      if (overdue()) {
        if (last != null) {
          waits.add(Duration.between(last, clock.instant()));
        }
        last = clock.instant();
        asked++;
      }
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(waits).containsExactly(DELAY, DELAY.multipliedBy(2), DELAY.multipliedBy(4), DELAY.multipliedBy(8),
        DELAY.multipliedBy(16), DELAY.multipliedBy(16));

    outcome = ReplicationPlan.Kind.APPEND;
    clock.advance(DELAY.multipliedBy(16));
    assertThat(overdue()).isTrue();
    clock.advance(DELAY);
    assertThat(overdue()).as("events were missing: back to one delay").isTrue();
  }

  @Test
  void aFailedReadIsAskedAgainAfterOneDelay() {
    clock.advance(DELAY);
    failure = new IllegalStateException("the run's history does not parse");
    assertThat(overdue()).isTrue();
    clock.advance(DELAY.minusSeconds(1));
    assertThat(overdue()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(overdue()).isTrue();
    assertThat(reads).hasSize(2);
    assertThat(applied).isEmpty();
  }

  @Test
  void aClusterThatDoesNotAnswerIsLeftAloneForOneDelayWhateverRunAsks() {
    clock.advance(DELAY);
    failure = io.grpc.Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
    assertThat(overdue(RUN)).isTrue();
    assertThat(overdue(new WorkflowKey("ns", "wf-2", "run-2"))).as("another run, same cluster").isFalse();
    clock.advance(DELAY);
    failure = null;
    assertThat(overdue(new WorkflowKey("ns", "wf-2", "run-2"))).isTrue();
    assertThat(reads).containsExactly("active/run", "active/run-2");
  }

  @Test
  void theReadsRunOffTheCallersThreadAndARunNotTakenByAFullReaderAsksAtItsNextCheck() {
    clock.advance(DELAY);
    executor = queued::add;
    assertThat(overdue()).isTrue();
    assertThat(reads).as("not read on the queue's thread").isEmpty();
    queued.remove(0).run();
    assertThat(reads).containsExactly("active/run");

    WorkflowKey other = new WorkflowKey("ns", "wf-2", "run-2");
    executor = runnable -> {
      throw new java.util.concurrent.RejectedExecutionException("full");
    };
    assertThat(overdue(other)).isFalse();
    executor = Runnable::run;
    assertThat(overdue(other)).as("not claimed while the reader was full").isTrue();
  }

  private static HistoryEvent event(long id, long version) {
    return HistoryEvent.newBuilder().setEventId(id).setVersion(version).build();
  }
}
