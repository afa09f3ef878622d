package dev.conduit.replication.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.persistence.replication.WorkflowReplicationProgress;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Direction;
import dev.conduit.persistence.replication.WorkflowReplicationProgress.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppliedLevelsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void writesOnlyOnFlushAndOnlyTheHighestTaskOfEachShard() {
    FakeProgress store = new FakeProgress();
    AppliedLevels levels = new AppliedLevels(store, clock, "replication@test");
    levels.applied("active", 1, 10, NOW.minusMillis(300));
    levels.applied("active", 1, 12, NOW.minusMillis(200));
    levels.applied("active", 1, 11, NOW.minusMillis(250)); // redelivered after a restart: below the level
    levels.applied("active", 2, 5, NOW.minusMillis(100));
    assertThat(store.writes).isEmpty();

    levels.flush();

    assertThat(store.writes).extracting(Level::shardId, Level::taskId)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, 12L), org.assertj.core.groups.Tuple.tuple(2, 5L));
    assertThat(store.writes).allMatch(level -> level.direction() == Direction.APPLIED && level.recordedTime().equals(NOW));
    levels.flush();
    assertThat(store.writes).as("nothing moved, nothing written").hasSize(2);
  }

  @Test
  void aLevelReadAtStartIsNeverLoweredAndAFailedWriteIsTriedAgain() {
    FakeProgress store = new FakeProgress();
    store.stored.add(new Level(Direction.APPLIED, "active", 0, 40, NOW, NOW, "replication@test"));
    AppliedLevels levels = new AppliedLevels(store, clock, "replication@test");
    levels.applied("active", 0, 39, NOW);
    levels.flush();
    assertThat(store.writes).isEmpty();

    levels.applied("active", 0, 41, NOW);
    store.failNext = true;
    levels.flush();
    assertThat(store.writes).isEmpty();
    levels.flush();
    assertThat(store.writes).extracting(Level::taskId).containsExactly(41L);
  }

  private static final class FakeProgress implements WorkflowReplicationProgress {
    final List<Level> stored = new ArrayList<>();
    final List<Level> writes = new ArrayList<>();
    boolean failNext;

    @Override
    public void record(Level level) {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("cassandra down");
      }
      writes.add(level);
    }

    @Override
    public List<Level> read(Direction direction) {
      return stored.stream().filter(level -> level.direction() == direction)
          .sorted(Comparator.comparing(Level::shardId)).toList();
    }
  }
}
