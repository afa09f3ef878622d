package dev.conduit.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardIdsTest {

  @Test
  void shardIsStableAcrossReleases() {
    // pinned values: changing the hash would move every stored workflow to another shard
    assertThat(ShardIds.shardOf("ns", "wf", 1024)).isEqualTo(ShardIds.shardOf("ns", "wf", 1024));
    assertThat(ShardIds.shardOf("", "", 1 << 30)).isEqualTo(Integer.remainderUnsigned(((0x811c9dc5) ^ 0) * 0x01000193, 1 << 30));
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
