package dev.conduit.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MembershipMonitorTest {
  private static final String SERVICE = "conduit-history";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final InMemoryRegistry registry = new InMemoryRegistry();
  private final BlockingQueue<MembershipChange> changes = new LinkedBlockingQueue<>();
  private MembershipMonitor monitor;

  @AfterEach
  void closeMonitor() {
    if (monitor != null) {
      monitor.close();
    }
  }

  @Test
  void firstViewHoldsTheRegisteredMembersOfItsServiceOnly() throws InterruptedException {
    registry.register(instance("h1", 7001));
    registry.register(instance("h2", 7002));
    registry.register(ServiceInstance.of("conduit-matching", "m1", "127.0.0.1", 7101));

    monitor = start();

    assertThat(monitor.awaitFirstView(WAIT)).isTrue();
    assertThat(monitor.members()).extracting(Member::id).containsExactly("h1", "h2");
    assertThat(monitor.owner("shard-1")).isPresent();
  }

  @Test
  void listenersSeeJoinsAndLeavesInOrder() throws InterruptedException {
    registry.register(instance("h1", 7001));
    monitor = start();
    assertThat(next().joined()).extracting(Member::id).containsExactly("h1");

    registry.register(instance("h2", 7002));
    MembershipChange joined = next();
    assertThat(joined.joined()).extracting(Member::id).containsExactly("h2");
    assertThat(joined.left()).isEmpty();
    assertThat(joined.members()).extracting(Member::id).containsExactly("h1", "h2");

    registry.deregister("h1");
    MembershipChange left = next();
    assertThat(left.left()).extracting(Member::id).containsExactly("h1");
    assertThat(monitor.members()).extracting(Member::id).containsExactly("h2");
  }

  @Test
  void ownersFollowTheRingOfTheCurrentMembers() throws InterruptedException {
    registry.register(instance("h1", 7001));
    monitor = start();
    next();
    assertThat(monitor.owner("any-key")).map(Member::id).contains("h1");

    registry.register(instance("h2", 7002));
    registry.register(instance("h3", 7003));
    awaitMembers(3);

    HashRing expected = HashRing.of(List.of(member("h1", 7001), member("h2", 7002), member("h3", 7003)), fast().virtualNodes());
    for (int k = 0; k < 1_000; k++) {
      assertThat(monitor.owner("shard-" + k)).isEqualTo(expected.owner("shard-" + k));
    }
  }

  @Test
  void answersWithUnchangedMembersNotifyNobody() throws InterruptedException {
    registry.register(instance("h1", 7001));
    monitor = start();
    next();

    registry.awaitWatchFrom(registry.touch(), WAIT);
    assertThat(changes).isEmpty();

    registry.register(instance("h2", 7002));
    assertThat(next().joined()).extracting(Member::id).containsExactly("h2");
    // once the monitor watches on from that index, it has told its listeners all it will about it
    registry.awaitWatchFrom(registry.index(), WAIT);
    assertThat(changes).as("the join was told once").isEmpty();
  }

  @Test
  void lastViewStaysWhileTheRegistryIsDownAndWatchingResumesAfter() throws InterruptedException {
    registry.register(instance("h1", 7001));
    monitor = start();
    next();

    registry.setDown(true);
    registry.awaitWatchCalls(3, WAIT);
    assertThat(monitor.members()).extracting(Member::id).containsExactly("h1");
    assertThat(monitor.owner("shard-9")).map(Member::id).contains("h1");

    registry.setDown(false);
    registry.register(instance("h2", 7002));
    assertThat(next().joined()).extracting(Member::id).containsExactly("h2");
  }

  @Test
  void watchStartsOverWhenTheIndexGoesBackwards() throws InterruptedException {
    registry.register(instance("h1", 7001));
    registry.register(instance("h2", 7002));
    monitor = start();
    next();
    registry.awaitWatchFrom(registry.index(), WAIT);

    registry.restore(1);
    registry.awaitWatchFrom(1, WAIT);
    registry.register(instance("h3", 7003));
    assertThat(next().joined()).extracting(Member::id).containsExactly("h3");
  }

  @Test
  void failingListenerDoesNotStopOthersOrTheWatch() throws InterruptedException {
    monitor = new MembershipMonitor(registry, SERVICE, fast());
    monitor.addListener((change, ring) -> {
      throw new IllegalStateException("listener bug");
    });
    monitor.addListener((change, ring) -> changes.add(change));
    monitor.start();

    registry.register(instance("h1", 7001));
    assertThat(next().joined()).extracting(Member::id).containsExactly("h1");
    registry.register(instance("h2", 7002));
    assertThat(next().joined()).extracting(Member::id).containsExactly("h2");
  }

  @Test
  void closedMonitorStopsItsThreadAndIgnoresChanges() throws InterruptedException {
    registry.register(instance("h1", 7001));
    monitor = start();
    next();

    monitor.close();
    registry.register(instance("h2", 7002));

    // a stopped watcher can tell nobody anything more, so what it told until then is final
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (watcherAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(watcherAlive()).isFalse();
    assertThat(changes).isEmpty();
    assertThat(monitor.members()).extracting(Member::id).containsExactly("h1");
  }

  @Test
  void nextIndexFollowsConsulsRules() {
    assertThat(MembershipMonitor.nextIndex(5, 9)).isEqualTo(9);
    assertThat(MembershipMonitor.nextIndex(9, 9)).isEqualTo(9);
    assertThat(MembershipMonitor.nextIndex(9, 4)).as("backwards starts over").isZero();
    assertThat(MembershipMonitor.nextIndex(0, 0)).as("never 0, which would not block").isEqualTo(1);
  }

  private MembershipMonitor start() {
    MembershipMonitor started = new MembershipMonitor(registry, SERVICE, fast());
    started.addListener((change, ring) -> {
      assertThat(ring.members()).isEqualTo(change.members());
      changes.add(change);
    });
    return started.start();
  }

  private static MembershipMonitor.Settings fast() {
    return new MembershipMonitor.Settings(Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofMillis(50), 64);
  }

  private MembershipChange next() throws InterruptedException {
    MembershipChange change = changes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(change).as("a membership change within " + WAIT).isNotNull();
    return change;
  }

  private void awaitMembers(int count) throws InterruptedException {
    while (monitor.members().size() != count) {
      next();
    }
  }

  private static boolean watcherAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("membership-" + SERVICE) && t.isAlive());
  }

  private static ServiceInstance instance(String id, int port) {
    return ServiceInstance.of(SERVICE, id, "127.0.0.1", port);
  }

  private static Member member(String id, int port) {
    return new Member(id, "127.0.0.1", port);
  }
}
