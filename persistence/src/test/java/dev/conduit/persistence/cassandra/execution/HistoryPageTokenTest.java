package dev.conduit.persistence.cassandra.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryPageTokenTest {

  @Test
  void tokenRoundTripsTheNextEventId() {
    byte[] encoded = new HistoryPageToken(4242L).encode();
    assertThat(HistoryPageToken.decode(encoded).nextEventId()).isEqualTo(4242L);
  }

  @Test
  void foreignOrTruncatedTokensAreRejected() {
    byte[] encoded = new HistoryPageToken(7L).encode();
    byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
    byte[] otherFormat = encoded.clone();
    otherFormat[0] = 9;
    assertThatThrownBy(() -> HistoryPageToken.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistoryPageToken.decode(otherFormat)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistoryPageToken.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenOfANonPositiveEventIdIsRejected() {
    byte[] zero = java.nio.ByteBuffer.allocate(9).put((byte) 1).putLong(0L).array();
    assertThatThrownBy(() -> HistoryPageToken.decode(zero)).isInstanceOf(IllegalArgumentException.class);
  }
}
