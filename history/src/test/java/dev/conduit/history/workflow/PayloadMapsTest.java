package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadMapsTest {
  private static Payload json(String data) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(data)).build();
  }

  private static final Payload BINARY_NULL =
      Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("binary/null")).build();

  @Test
  void anUpsertedKeyReplacesTheStoredOneAndNewKeysAreAdded() {
    Map<String, Payload> merged = PayloadMaps.merge(Map.of("a", json("1"), "b", json("2")), Map.of("b", json("3"), "c", json("4")));

    assertThat(merged).containsOnly(Map.entry("a", json("1")), Map.entry("b", json("3")), Map.entry("c", json("4")));
  }

  @Test
  void aNilValueRemovesTheKeyHoweverTheSdkEncodedIt() {
    Map<String, Payload> stored = Map.of("a", json("1"), "b", json("2"), "c", json("3"), "d", json("4"));

    Map<String, Payload> merged = PayloadMaps.merge(stored,
        Map.of("a", BINARY_NULL, "b", json("null"), "c", json("[]"), "missing", BINARY_NULL));

    assertThat(merged).containsOnly(Map.entry("d", json("4")));
  }

  @Test
  void emptyStringsAndFalseAreValuesNotNil() {
    assertThat(PayloadMaps.isNil(json("\"\""))).isFalse();
    assertThat(PayloadMaps.isNil(json("false"))).isFalse();
    assertThat(PayloadMaps.isNil(json("0"))).isFalse();
  }
}
