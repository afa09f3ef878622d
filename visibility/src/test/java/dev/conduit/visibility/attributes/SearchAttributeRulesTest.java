package dev.conduit.visibility.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAttributeRulesTest {
  private static final Map<String, Integer> REGISTERED =
      Map.of("OrderId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD.getNumber(),
          "Tags", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST.getNumber());

  private static Payload json(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }

  @Test
  void valuesOfEachTypeAreAcceptedAsSdksWriteThem() {
    assertThat(SearchAttributeRules.problem("ns", Map.of(
        "CustomKeywordField", json("\"a\""),
        "CustomIntField", json("7"),
        "CustomDoubleField", json("1.5"),
        "CustomBoolField", json("true"),
        "CustomDatetimeField", json("\"2026-12-05T10:00:00.123Z\""),
        "CustomTextField", json("\"some words\""),
        "OrderId", json("[\"o-1\"]"),
        "Tags", json("[\"a\",\"b\"]"),
        "TemporalChangeVersion", json("[\"change-1\"]")), REGISTERED)).isEmpty();
  }

  @Test
  void aRemovalNeedsNoType() {
    assertThat(SearchAttributeRules.problem("ns", Map.of("CustomIntField", Payload.getDefaultInstance(),
        "OrderId", json("null")), REGISTERED)).isEmpty();
  }

  @Test
  void unknownDerivedAndMistypedAttributesAreNamed() {
    assertThat(SearchAttributeRules.problem("ns", Map.of("Nope", json("\"x\"")), REGISTERED))
        .contains("Namespace ns has no mapping defined for search attribute Nope");
    assertThat(SearchAttributeRules.problem("ns", Map.of("ExecutionStatus", json("\"Running\"")), REGISTERED))
        .contains("Namespace ns has no mapping defined for search attribute ExecutionStatus");
    assertThat(SearchAttributeRules.problem("ns", Map.of("CustomIntField", json("\"many\"")), REGISTERED))
        .contains("invalid value for search attribute CustomIntField of type Int: \"many\"");
    assertThat(SearchAttributeRules.problem("ns", Map.of("CustomIntField", json("1.5")), REGISTERED)).isPresent();
    assertThat(SearchAttributeRules.problem("ns", Map.of("CustomDatetimeField", json("\"yesterday\"")), REGISTERED))
        .hasValueSatisfying(problem -> assertThat(problem).contains("CustomDatetimeField").contains("Datetime"));
    assertThat(SearchAttributeRules.problem("ns", Map.of("OrderId", json("[\"a\",\"b\"]")), REGISTERED))
        .as("a Keyword holds one value").isPresent();
    assertThat(SearchAttributeRules.problem("ns", Map.of("CustomBoolField", json("not json")), REGISTERED)).isPresent();
  }

  @Test
  void newNamesMustBeIdentifiersAndNotSystemAttributes() {
    assertThat(SearchAttributeRules.invalidName("OrderId")).isEmpty();
    assertThat(SearchAttributeRules.invalidName("order id")).isPresent();
    assertThat(SearchAttributeRules.invalidName("1st")).isPresent();
    assertThat(SearchAttributeRules.invalidName("WorkflowType")).hasValueSatisfying(problem ->
        assertThat(problem).contains("system"));
  }
}
