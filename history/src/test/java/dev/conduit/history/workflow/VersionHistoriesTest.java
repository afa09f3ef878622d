package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import org.junit.jupiter.api.Test;

class VersionHistoriesTest {

  private static VersionHistoryItem item(long eventId, long version) {
    return VersionHistoryItem.newBuilder().setEventId(eventId).setVersion(version).build();
  }

  @Test
  void consecutiveEventsOfOneVersionShareAnItem() {
    VersionHistory.Builder history = VersionHistory.newBuilder();
    VersionHistories.append(history, 1, 10);
    VersionHistories.append(history, 2, 10);
    VersionHistories.append(history, 3, 10);
    assertThat(history.getItemsList()).containsExactly(item(3, 10));
  }

  @Test
  void aNewVersionStartsANewItem() {
    VersionHistory.Builder history = VersionHistory.newBuilder();
    VersionHistories.append(history, 1, 10);
    VersionHistories.append(history, 2, 10);
    VersionHistories.append(history, 3, 12);
    VersionHistories.append(history, 4, 12);
    assertThat(history.getItemsList()).containsExactly(item(2, 10), item(4, 12));
    assertThat(VersionHistories.lastEventId(history.build())).isEqualTo(4);
    assertThat(VersionHistories.lastVersion(history.build(), 0)).isEqualTo(12);
  }

  @Test
  void gapsOrAStartOtherThanOneAreRefused() {
    VersionHistory.Builder history = VersionHistory.newBuilder();
    assertThatThrownBy(() -> VersionHistories.append(history, 2, 1)).isInstanceOf(IllegalStateException.class);
    VersionHistories.append(history, 1, 1);
    assertThatThrownBy(() -> VersionHistories.append(history, 3, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> VersionHistories.append(history, 1, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void versionsNeverGoDown() {
    VersionHistory.Builder history = VersionHistory.newBuilder();
    VersionHistories.append(history, 1, 12);
    assertThatThrownBy(() -> VersionHistories.append(history, 2, 10)).isInstanceOf(IllegalStateException.class);
  }
}
