package dev.conduit.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardIdsTest {

  /**
   * Pinned values: changing the hash would move every stored workflow to another shard. They were computed
   * once, outside this code base, by a Python script that hashes utf8(namespaceId) + b"\x00" +
   * utf8(workflowId) with 32-bit FNV-1a (offset 0x811c9dc5, prime 0x01000193; checked against the published
   * vectors "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968) and takes the unsigned hash mod
   * numShards. The hash of each key is in the comment above its rows; numShards 2147483647 pins nearly
   * all of its bits, 1000 catches a modulo taken as a bit mask, and hashes with the top bit set catch a
   * signed remainder.
   */
  @ParameterizedTest(name = "shardOf({0}, {1}, {2}) = {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # namespace id                          | workflow id   | shards     | shard
      # FNV-1a 0x050c5d1f
      ""                                      | ""            | 4          | 3
      ""                                      | ""            | 1024       | 287
      ""                                      | ""            | 2147483647 | 84696351
      # FNV-1a 0x24d0c5db
      ns                                      | wf            | 1000       | 915
      ns                                      | wf            | 1024       | 475
      ns                                      | wf            | 2147483647 | 617661915
      # FNV-1a 0xef850b27
      ab                                      | c             | 1000       | 767
      ab                                      | c             | 1024       | 807
      ab                                      | c             | 2147483647 | 1870990120
      # FNV-1a 0x609747a3
      a                                       | bc            | 1000       | 11
      a                                       | bc            | 2147483647 | 1620527011
      # FNV-1a 0x3b6d740c
      3f2a6c1e-9b4d-4e8a-a1c2-7d5e0f9b8a61    | order-12345   | 4          | 0
      3f2a6c1e-9b4d-4e8a-a1c2-7d5e0f9b8a61    | order-12345   | 1000       | 876
      3f2a6c1e-9b4d-4e8a-a1c2-7d5e0f9b8a61    | order-12345   | 1024       | 12
      3f2a6c1e-9b4d-4e8a-a1c2-7d5e0f9b8a61    | order-12345   | 2147483647 | 997028876
      # FNV-1a 0x124f6862
      namespace-id                            | workflow-0    | 1024       | 98
      # FNV-1a 0x134f69f5
      namespace-id                            | workflow-1    | 1024       | 501
      # FNV-1a 0x4b18036f
      käse                                    | wörkflow-€    | 1000       | 943
      käse                                    | wörkflow-€    | 1024       | 879
      käse                                    | wörkflow-€    | 2147483647 | 1259864943
      """)
  void shardIsStableAcrossReleases(String namespaceId, String workflowId, int numShards, int expected) {
    assertThat(ShardIds.shardOf(namespaceId, workflowId, numShards)).isEqualTo(expected);
  }

  @Test
  void separatorKeepsNamespaceAndWorkflowApart() {
    int numShards = 1 << 20;
    assertThat(ShardIds.shardOf("ab", "c", numShards)).isNotEqualTo(ShardIds.shardOf("a", "bc", numShards));
  }

  @Test
  void shardsAreInRangeAndSpreadEvenly() {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 40_000; i++) {
      int shard = ShardIds.shardOf("namespace-id", "workflow-" + i, 4);
      assertThat(shard).isBetween(0, 3);
      counts.merge(shard, 1, Integer::sum);
    }
    assertThat(counts).hasSize(4);
    counts.values().forEach(count -> assertThat(count).isBetween(9_000, 11_000));
  }

  @Test
  void zeroShardsIsRefused() {
    assertThatThrownBy(() -> ShardIds.shardOf("n", "w", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
