package dev.conduit.frontend.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.util.Durations;
import dev.conduit.frontend.InMemoryNamespaceStore;
import dev.conduit.frontend.TestClusters.MutableClock;
import dev.conduit.frontend.errors.FailedPreconditionException;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The handover protocol against a scripted view of replication; time comes from a clock the pauses move. */
class GracefulFailoverTest {
  private static final Duration REFRESH = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(200);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
  private final InMemoryNamespaceStore store = new InMemoryNamespaceStore();
  private final NamespaceRegistry registry = new NamespaceRegistry(store, clock, Duration.ofSeconds(10));
  private final ScriptedView view = new ScriptedView();
  private final List<String> switches = new ArrayList<>();
  /** The namespace's replication state at each pause: what writers saw while the failover waited. */
  private final List<NamespaceDetail.ReplicationState> statesWhileWaiting = new ArrayList<>();
  private String name;

  private final GracefulFailover failover = new GracefulFailover(store, registry, "active", view,
      (namespace, target) -> {
        switches.add(namespace + "->" + target);
        NamespaceDetail.Builder next = store.getByName(namespace).orElseThrow().detail().toBuilder();
        next.getReplicationBuilder().setActiveClusterName(target).clearReplicationState();
        store.update(next.build(), store.getByName(namespace).orElseThrow().storeNotificationVersion());
      },
      clock, duration -> {
        statesWhileWaiting.add(state());
        clock.advance(duration);
        view.tick();
      }, () -> REFRESH, POLL);

  @Test
  void waitsForTheBacklogAndTheTargetThenSwitches() {
    name = register(true);
    // shard 0: tasks up to 9 written before the handover; 7..9 not yet acknowledged for the target
    view.maxReadLevel.put(0, 10L);
    view.firstPending.put(0, 7L);
    view.published.put(0, 6L);
    view.applied.put(0, 5L);
    // shard 1: everything sent and applied already
    view.maxReadLevel.put(1, 4L);
    view.published.put(1, 3L);
    view.applied.put(1, 3L);
    // after a few polls the publisher sends 7..9, later the target applies them
    view.at(5, () -> {
      view.firstPending.remove(0);
      view.published.put(0, 9L);
    });
    view.at(8, () -> view.applied.put(0, 9L));

    Duration handover = failover.run(name, "standby", Duration.ofSeconds(30));

    assertThat(switches).containsExactly(name + "->standby");
    assertThat(statesWhileWaiting).isNotEmpty()
        .allMatch(state -> state == NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER);
    assertThat(view.ticks).isGreaterThanOrEqualTo(8);
    assertThat(handover).isGreaterThanOrEqualTo(REFRESH.multipliedBy(2));
    NamespaceDetail after = store.getByName(name).orElseThrow().detail();
    assertThat(after.getReplication().getActiveClusterName()).isEqualTo("standby");
    assertThat(after.getReplication().getReplicationState()).isEqualTo(NamespaceDetail.ReplicationState.REPLICATION_STATE_NORMAL);
  }

  @Test
  void tasksWrittenAfterTheMarkDoNotHoldTheSwitch() {
    name = register(true);
    view.maxReadLevel.put(0, 10L);
    view.published.put(0, 9L);
    view.applied.put(0, 9L);
    view.maxReadLevel.put(1, 1L);
    // another namespace keeps writing: shard 0's backlog starts above the mark, and always will
    view.firstPending.put(0, 12L);

    failover.run(name, "standby", Duration.ofSeconds(30));

    assertThat(switches).containsExactly(name + "->standby");
  }

  @Test
  void aTargetThatDoesNotCatchUpLeavesTheNamespaceWhereItWasAndSaysWhy() {
    name = register(true);
    view.maxReadLevel.put(0, 10L);
    view.maxReadLevel.put(1, 1L);
    view.published.put(0, 9L);
    view.applied.put(0, 4L);

    StatusRuntimeException error = catchThrowableOfType(
        () -> failover.run(name, "standby", Duration.ofSeconds(10)), StatusRuntimeException.class);

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(error.getStatus().getDescription())
        .contains("cluster standby applied shard 0 up to task 4 of 9")
        .contains("stays active in active");
    assertThat(switches).isEmpty();
    assertThat(statesWhileWaiting).contains(NamespaceDetail.ReplicationState.REPLICATION_STATE_HANDOVER);
    NamespaceDetail after = store.getByName(name).orElseThrow().detail();
    assertThat(after.getReplication().getActiveClusterName()).isEqualTo("active");
    assertThat(after.getReplication().getReplicationState()).isEqualTo(NamespaceDetail.ReplicationState.REPLICATION_STATE_NORMAL);
  }

  @Test
  void aTargetThatDoesNotAnswerTimesOutWithItsError() {
    name = register(true);
    view.maxReadLevel.put(0, 10L);
    view.maxReadLevel.put(1, 1L);
    view.published.put(0, 9L);
    view.targetDown = true;

    StatusRuntimeException error = catchThrowableOfType(
        () -> failover.run(name, "standby", Duration.ofSeconds(6)), StatusRuntimeException.class);

    assertThat(error.getStatus().getDescription()).contains("cluster standby did not report its progress: down");
    assertThat(store.getByName(name).orElseThrow().detail().getReplication().getReplicationState())
        .isEqualTo(NamespaceDetail.ReplicationState.REPLICATION_STATE_NORMAL);
  }

  @Test
  void refusesWhatCannotBeDoneAndChangesNothing() {
    String local = register(false);
    assertThat(catchThrowableOfType(() -> failover.run(local, "standby", Duration.ofSeconds(30)),
        InvalidArgumentException.class)).hasMessageContaining("local namespace");
    name = register(true);
    assertThat(catchThrowableOfType(() -> failover.run(name, "elsewhere", Duration.ofSeconds(30)),
        InvalidArgumentException.class)).hasMessageContaining("not one of namespace");
    assertThat(catchThrowableOfType(() -> failover.run(name, "active", Duration.ofSeconds(30)),
        InvalidArgumentException.class)).hasMessageContaining("already active in active");
    assertThat(catchThrowableOfType(() -> failover.run(name, "standby", Duration.ofHours(1)),
        InvalidArgumentException.class)).hasMessageContaining("handover_timeout");
    NamespaceDetail.Builder elsewhere = store.getByName(name).orElseThrow().detail().toBuilder();
    elsewhere.getReplicationBuilder().setActiveClusterName("standby");
    store.update(elsewhere.build(), store.getByName(name).orElseThrow().storeNotificationVersion());
    assertThat(catchThrowableOfType(() -> failover.run(name, "standby", Duration.ofSeconds(30)),
        FailedPreconditionException.class)).hasMessageContaining("send the graceful failover to cluster standby");
    assertThat(switches).isEmpty();
    assertThat(statesWhileWaiting).isEmpty();
    assertThat(state()).isEqualTo(NamespaceDetail.ReplicationState.REPLICATION_STATE_NORMAL);
  }

  private NamespaceDetail.ReplicationState state() {
    return store.getByName(name).orElseThrow().detail().getReplication().getReplicationState();
  }

  private String register(boolean global) {
    String registered = "orders-" + UUID.randomUUID();
    NamespaceDetail.Builder detail = NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setId(UUID.randomUUID().toString()).setName(registered)
            .setState(NamespaceDetail.State.STATE_REGISTERED))
        .setConfig(NamespaceDetail.Config.newBuilder().setRetention(Durations.fromDays(1)))
        .setIsGlobal(global)
        .setFailoverVersion(global ? 1 : 0);
    detail.getReplicationBuilder().setActiveClusterName("active").addClusters("active");
    if (global) {
      detail.getReplicationBuilder().addClusters("standby");
    }
    store.create(detail.build());
    return registered;
  }

  /** Two shards whose levels the test sets, with changes scheduled at given pause counts. */
  private static final class ScriptedView implements GracefulFailover.ReplicationView {
    final Map<Integer, Long> maxReadLevel = new HashMap<>();
    final Map<Integer, Long> firstPending = new HashMap<>();
    final Map<Integer, Long> published = new HashMap<>();
    final Map<Integer, Long> applied = new HashMap<>();
    final Map<Integer, Runnable> scheduled = new HashMap<>();
    boolean targetDown;
    int ticks;

    void at(int tick, Runnable change) {
      scheduled.put(tick, change);
    }

    void tick() {
      ticks++;
      Runnable change = scheduled.remove(ticks);
      if (change != null) {
        change.run();
      }
    }

    @Override
    public int numShards() {
      return 2;
    }

    @Override
    public GracefulFailover.Backlog backlog(int shard, String target) {
      return new GracefulFailover.Backlog(maxReadLevel.getOrDefault(shard, 0L), firstPending.getOrDefault(shard, -1L));
    }

    @Override
    public Map<Integer, Long> published(String target) {
      return Map.copyOf(published);
    }

    @Override
    public Map<Integer, Long> appliedAt(String target, String source) {
      if (targetDown) {
        throw new IllegalStateException("down");
      }
      return Map.copyOf(applied);
    }
  }
}
