package dev.conduit.membership;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable consistent hash ring over members: each member holds {@code virtualNodes} points, and a
 * key belongs to the member owning the first point at or after the key's hash. The owner depends only on
 * the set of member ids, never on their order, so every process with the same view agrees; when a member
 * joins or leaves only the keys of its own points move.
 */
public final class HashRing {
  /** Enough points that each of a few dozen members gets within about ten percent of its fair share. */
  public static final int DEFAULT_VIRTUAL_NODES = 500;

  private static final HashRing EMPTY = new HashRing(List.of(), DEFAULT_VIRTUAL_NODES);

  private final List<Member> members;
  private final int virtualNodes;
  private final long[] points;
  private final Member[] owners;

  private HashRing(Collection<Member> members, int virtualNodes) {
    if (virtualNodes < 1) {
      throw new IllegalArgumentException("virtualNodes must be at least 1, was " + virtualNodes);
    }
    this.members = sortedUnique(members);
    this.virtualNodes = virtualNodes;
    List<Point> all = new ArrayList<>(this.members.size() * virtualNodes);
    for (Member member : this.members) {
      for (int i = 0; i < virtualNodes; i++) {
        all.add(new Point(RingHash.hash(member.id() + "#" + i), member));
      }
    }
    // two members hashing to the same point is rare but possible; the id decides so all processes agree
    all.sort(Comparator.comparingLong(Point::hash).thenComparing(p -> p.member().id()));
    this.points = new long[all.size()];
    this.owners = new Member[all.size()];
    for (int i = 0; i < all.size(); i++) {
      points[i] = all.get(i).hash();
      owners[i] = all.get(i).member();
    }
  }

  /** A ring with no members: every key is unowned. */
  public static HashRing empty() {
    return EMPTY;
  }

  /** A ring over the members with {@link #DEFAULT_VIRTUAL_NODES} points each. */
  public static HashRing of(Collection<Member> members) {
    return new HashRing(members, DEFAULT_VIRTUAL_NODES);
  }

  /** A ring over the members with {@code virtualNodes} points each. */
  public static HashRing of(Collection<Member> members, int virtualNodes) {
    return new HashRing(members, virtualNodes);
  }

  /** The member that owns {@code key}, or empty when the ring has no members. */
  public Optional<Member> owner(String key) {
    if (points.length == 0) {
      return Optional.empty();
    }
    int at = Arrays.binarySearch(points, RingHash.hash(key));
    if (at < 0) {
      at = -at - 1;
    } else {
      // equal points are sorted by member id; take the first of the run
      while (at > 0 && points[at - 1] == points[at]) {
        at--;
      }
    }
    return Optional.of(owners[at == points.length ? 0 : at]);
  }

  /** The same ring with the given members instead. */
  public HashRing withMembers(Collection<Member> newMembers) {
    return new HashRing(newMembers, virtualNodes);
  }

  /** The members, sorted by id. */
  public List<Member> members() {
    return members;
  }

  public int virtualNodes() {
    return virtualNodes;
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  @Override
  public String toString() {
    return "HashRing" + members;
  }

  private static List<Member> sortedUnique(Collection<Member> members) {
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.naturalOrder());
    Set<String> ids = new HashSet<>();
    for (Member member : sorted) {
      if (!ids.add(member.id())) {
        throw new IllegalArgumentException("member id " + member.id() + " appears twice in " + sorted);
      }
    }
    return List.copyOf(sorted);
  }

  private record Point(long hash, Member member) {}
}
