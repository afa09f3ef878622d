package dev.conduit.membership;

/**
 * Told when the healthy members of a watched service change, on the monitor's thread, in the order the
 * changes were seen. Listeners must return quickly; a slow one delays the next view for all of them.
 */
@FunctionalInterface
public interface MembershipListener {

  void membershipChanged(MembershipChange change, HashRing ring);
}
