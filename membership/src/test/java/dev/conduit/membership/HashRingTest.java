package dev.conduit.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashRingTest {
  private static final int KEYS = 50_000;

  @Test
  void emptyRingOwnsNothing() {
    assertThat(HashRing.empty().owner("shard-1")).isEmpty();
    assertThat(HashRing.of(List.of()).isEmpty()).isTrue();
  }

  @Test
  void singleMemberOwnsEveryKey() {
    Member only = member(0);
    HashRing ring = HashRing.of(List.of(only));
    for (int k = 0; k < 1_000; k++) {
      assertThat(ring.owner(key(k))).contains(only);
    }
  }

  @Test
  void ownerDoesNotDependOnMemberOrder() {
    List<Member> members = members(12);
    List<Member> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, new Random(42));
    HashRing a = HashRing.of(members);
    HashRing b = HashRing.of(shuffled);
    for (int k = 0; k < KEYS; k++) {
      assertThat(b.owner(key(k))).isEqualTo(a.owner(key(k)));
    }
    assertThat(b.members()).isEqualTo(a.members());
  }

  @Test
  void ownersArePinnedAcrossProcessesAndReleases() {
    // a change of the hash or of the point layout would move every shard during a rolling upgrade
    HashRing ring = HashRing.of(members(5));
    Map<String, String> owners = new HashMap<>();
    for (int k = 0; k < 8; k++) {
      owners.put(key(k), ring.owner(key(k)).orElseThrow().id());
    }
    assertThat(owners).containsExactlyInAnyOrderEntriesOf(Map.of(
        "shard-0", "history-1", "shard-1", "history-4", "shard-2", "history-4", "shard-3", "history-0",
        "shard-4", "history-2", "shard-5", "history-3", "shard-6", "history-0", "shard-7", "history-2"));
  }

  @Test
  void keysSpreadEvenlyOverMembers() {
    for (int n : new int[] {3, 10, 30}) {
      HashRing ring = HashRing.of(members(n));
      Map<String, Integer> load = new HashMap<>();
      for (int k = 0; k < KEYS; k++) {
        load.merge(ring.owner(key(k)).orElseThrow().id(), 1, Integer::sum);
      }
      double fair = KEYS / (double) n;
      assertThat(load).hasSize(n);
      assertThat(load.values()).allSatisfy(count -> assertThat(count / fair).isBetween(0.85, 1.15));
    }
  }

  @Test
  void joiningMemberTakesOnlyItsShareAndOnlyForItself() {
    List<Member> before = members(9);
    Member joiner = new Member("history-joiner", "10.0.1.1", 7234);
    List<Member> after = new ArrayList<>(before);
    after.add(joiner);
    HashRing old = HashRing.of(before);
    HashRing grown = HashRing.of(after);

    int moved = 0;
    for (int k = 0; k < KEYS; k++) {
      Member was = old.owner(key(k)).orElseThrow();
      Member now = grown.owner(key(k)).orElseThrow();
      if (!was.equals(now)) {
        assertThat(now).as("a key may only move to the new member").isEqualTo(joiner);
        moved++;
      }
    }
    assertThat(moved / (double) KEYS).isBetween(0.07, 0.13);
  }

  @Test
  void leavingMemberHandsOverOnlyItsOwnKeys() {
    List<Member> before = members(10);
    Member leaver = before.get(3);
    List<Member> after = new ArrayList<>(before);
    after.remove(leaver);
    HashRing old = HashRing.of(before);
    HashRing shrunk = HashRing.of(after);

    int moved = 0;
    for (int k = 0; k < KEYS; k++) {
      Member was = old.owner(key(k)).orElseThrow();
      Member now = shrunk.owner(key(k)).orElseThrow();
      if (was.equals(leaver)) {
        assertThat(now).isNotEqualTo(leaver);
        moved++;
      } else {
        assertThat(now).as("keys of staying members stay").isEqualTo(was);
      }
    }
    assertThat(moved / (double) KEYS).isBetween(0.07, 0.13);
  }

  @Test
  void placementFollowsIdNotAddress() {
    List<Member> members = members(4);
    List<Member> moved = new ArrayList<>(members);
    moved.set(2, new Member(members.get(2).id(), "10.9.9.9", 9999));
    HashRing a = HashRing.of(members);
    HashRing b = HashRing.of(moved);
    for (int k = 0; k < 5_000; k++) {
      assertThat(b.owner(key(k)).orElseThrow().id()).isEqualTo(a.owner(key(k)).orElseThrow().id());
    }
    assertThat(b.members()).contains(new Member(members.get(2).id(), "10.9.9.9", 9999));
  }

  @Test
  void duplicateIdsAreRejected() {
    List<Member> twice = List.of(member(1), new Member(member(1).id(), "10.1.1.1", 1));
    assertThatThrownBy(() -> HashRing.of(twice)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }

  @Test
  void withMembersKeepsVirtualNodeCount() {
    HashRing ring = HashRing.of(members(2), 7);
    assertThat(ring.withMembers(members(3)).virtualNodes()).isEqualTo(7);
    assertThatThrownBy(() -> HashRing.of(members(2), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Member> members(int n) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add(member(i));
    }
    return members;
  }

  private static Member member(int i) {
    return new Member("history-" + i, "10.0.0." + i, 7234);
  }

  private static String key(int k) {
    return "shard-" + k;
  }
}
