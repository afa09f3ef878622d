package dev.conduit.history.workflow;

import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;

/**
 * Operations on a run's version history (invariant 3): one item (last event id, version) per run of
 * consecutive events written with the same failover version. Replication compares these to find where
 * two clusters' histories diverge.
 */
public final class VersionHistories {
  private VersionHistories() {}

  /**
   * Records that event {@code eventId} was written with {@code version}. Event ids must continue the
   * history by exactly one, and versions must never go down.
   */
  public static void append(VersionHistory.Builder history, long eventId, long version) {
    int count = history.getItemsCount();
    if (count == 0) {
      if (eventId != 1) {
        throw new IllegalStateException("first event id must be 1, was " + eventId);
      }
      history.addItems(VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version));
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
      history.addItems(VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version));
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
}
