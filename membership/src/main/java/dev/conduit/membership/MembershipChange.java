package dev.conduit.membership;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed between two views of a service's healthy members. A member that moved to another host
 * or port under the same id is reported as having left and joined.
 */
public record MembershipChange(String service, List<Member> members, List<Member> joined, List<Member> left) {

  public MembershipChange {
    members = List.copyOf(members);
    joined = List.copyOf(joined);
    left = List.copyOf(left);
  }

  /** The change from {@code before} to {@code after}; both lists are taken as sets. */
  public static MembershipChange between(String service, List<Member> before, List<Member> after) {
    List<Member> joined = new ArrayList<>(after);
    joined.removeAll(before);
    List<Member> left = new ArrayList<>(before);
    left.removeAll(after);
    return new MembershipChange(service, after, joined, left);
  }

  public boolean isEmpty() {
    return joined.isEmpty() && left.isEmpty();
  }
}
