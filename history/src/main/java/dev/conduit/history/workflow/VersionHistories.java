package dev.conduit.history.workflow;

import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import java.util.Optional;

/**
 * Operations on a run's version histories (invariant 3). A version history lists one item (last event id,
 * version) per run of consecutive events written with the same failover version, and names the history
 * branch holding those events; a run keeps one per branch, one of them current. Conflict resolution
 * compares them to find where two clusters' histories diverge (the lowest common ancestor item).
 */
public final class VersionHistories {
  private VersionHistories() {}

  /** Where an incoming history meets one of ours: the index of our version history and the LCA item. */
  public record LcaMatch(int index, VersionHistoryItem item) {}

  /** A new run's version histories: one empty history on the branch {@code branchToken}, current. */
  public static dev.conduit.proto.persistence.v1.VersionHistories newRun(byte[] branchToken) {
    return dev.conduit.proto.persistence.v1.VersionHistories.newBuilder()
        .addHistories(VersionHistory.newBuilder().setBranchToken(com.google.protobuf.ByteString.copyFrom(branchToken)))
        .build();
  }

  /** The current version history (the branch new events go to). */
  public static VersionHistory current(dev.conduit.proto.persistence.v1.VersionHistories histories) {
    return histories.getHistories(histories.getCurrentIndex());
  }

  /** Adds a version history (for example a fork's) and returns its index; the current one is unchanged. */
  public static int add(dev.conduit.proto.persistence.v1.VersionHistories.Builder histories, VersionHistory history) {
    histories.addHistories(history);
    return histories.getHistoriesCount() - 1;
  }

  /**
   * Records that event {@code eventId} was written with {@code version} (adds an item or moves the last
   * one). Event ids must continue the history by exactly one, and versions must never go down.
   */
  public static void append(VersionHistory.Builder history, long eventId, long version) {
    int count = history.getItemsCount();
    if (count == 0) {
      if (eventId != 1) {
        throw new IllegalStateException("first event id must be 1, was " + eventId);
      }
      history.addItems(item(eventId, version));
      return;
    }
    VersionHistoryItem last = history.getItems(count - 1);
    if (eventId != last.getEventId() + 1) {
      throw new IllegalStateException("event id " + eventId + " does not follow " + last.getEventId());
    }
    if (version < last.getVersion()) {
      throw new IllegalStateException("version " + version + " is lower than the last version " + last.getVersion());
    }
    if (version == last.getVersion()) {
      history.setItems(count - 1, last.toBuilder().setEventId(eventId));
    } else {
      history.addItems(item(eventId, version));
    }
  }

  /** The last event id recorded, 0 for an empty history. */
  public static long lastEventId(VersionHistory history) {
    int count = history.getItemsCount();
    return count == 0 ? 0 : history.getItems(count - 1).getEventId();
  }

  /** The version of the last recorded event; {@code fallback} for an empty history. */
  public static long lastVersion(VersionHistory history, long fallback) {
    int count = history.getItemsCount();
    return count == 0 ? fallback : history.getItems(count - 1).getVersion();
  }

  /** Whether event {@code eventId} of this history was written with {@code version}. */
  public static boolean contains(VersionHistory history, long eventId, long version) {
    long begin = 1;
    for (VersionHistoryItem item : history.getItemsList()) {
      if (eventId >= begin && eventId <= item.getEventId()) {
        return item.getVersion() == version;
      }
      begin = item.getEventId() + 1;
    }
    return false;
  }

  /**
   * The items of {@code history} up to and including event {@code eventId}, without a branch token: the
   * start of a fork's version history. The event must be in the history.
   */
  public static VersionHistory copyUntil(VersionHistory history, long eventId) {
    VersionHistory.Builder copy = VersionHistory.newBuilder();
    for (VersionHistoryItem item : history.getItemsList()) {
      if (item.getEventId() >= eventId) {
        return copy.addItems(item(eventId, item.getVersion())).build();
      }
      copy.addItems(item);
    }
    throw new IllegalArgumentException("event " + eventId + " is beyond the history's last event " + lastEventId(history));
  }

  /**
   * The lowest common ancestor of two version histories: the last event both wrote with the same version
   * (the greatest version they share, up to the lower of their last event ids for it). Empty when they
   * share no version, which means they have no common event.
   */
  public static Optional<VersionHistoryItem> lowestCommonAncestor(VersionHistory a, VersionHistory b) {
    int i = a.getItemsCount() - 1;
    int j = b.getItemsCount() - 1;
    // versions grow along a history, so walking both from the end meets the greatest shared version first
    while (i >= 0 && j >= 0) {
      VersionHistoryItem x = a.getItems(i);
      VersionHistoryItem y = b.getItems(j);
      if (x.getVersion() == y.getVersion()) {
        return Optional.of(item(Math.min(x.getEventId(), y.getEventId()), x.getVersion()));
      }
      if (x.getVersion() > y.getVersion()) {
        i--;
      } else {
        j--;
      }
    }
    return Optional.empty();
  }

  /**
   * Among our version histories, the one sharing the longest prefix with {@code incoming} and that LCA
   * item; the lowest index wins a tie. Empty when none shares an event with it.
   */
  public static Optional<LcaMatch> findLca(dev.conduit.proto.persistence.v1.VersionHistories ours, VersionHistory incoming) {
    LcaMatch best = null;
    for (int index = 0; index < ours.getHistoriesCount(); index++) {
      Optional<VersionHistoryItem> lca = lowestCommonAncestor(ours.getHistories(index), incoming);
      if (lca.isPresent() && (best == null || lca.get().getEventId() > best.item().getEventId())) {
        best = new LcaMatch(index, lca.get());
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether new events can be appended to {@code history} right after {@code lca}: it is its last item. */
  public static boolean isLcaAppendable(VersionHistory history, VersionHistoryItem lca) {
    int count = history.getItemsCount();
    return count > 0 && history.getItems(count - 1).equals(lca);
  }

  private static VersionHistoryItem item(long eventId, long version) {
    return VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version).build();
  }
}
