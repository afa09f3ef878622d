package dev.conduit.history.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.proto.admin.v1.DescribeMembershipResponse;
import dev.conduit.proto.admin.v1.HistoryHostInfo;
import dev.conduit.proto.admin.v1.ShardOwner;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlacementTest {
  @Test
  void everyShardServedOnceByItsRingOwnerHasNoProblem() {
    assertThat(ShardPlacement.problems(view(host("h1", 1, 3), host("h2", 2, 4)))).isEmpty();
  }

  @Test
  void eachWayOfBeingWrongIsNamed() {
    DescribeMembershipResponse view = view(host("h1", 1, 2, 3), host("h2", 2),
        HistoryHostInfo.newBuilder().setIdentity("h3").setError("UNAVAILABLE: connection refused").build());

    assertThat(ShardPlacement.problems(view)).containsExactly(
        "history host h3 did not say which shards it serves: UNAVAILABLE: connection refused",
        "shard 2 is served by [h1, h2]",
        "shard 4 is served by no host");
  }

  @Test
  void aShardServedByAnotherHostThanTheRingNamesIsAProblem() {
    assertThat(ShardPlacement.problems(view(host("h1", 1, 3, 4), host("h2", 2))))
        .containsExactly("shard 4 is served by h1 but the ring names h2");
  }

  @Test
  void aRingThatNamesOwnersOfFewerShardsThanTheClusterHasIsAProblem() {
    DescribeMembershipResponse view = view(host("h1", 1, 3), host("h2", 2, 4)).toBuilder().setHistoryShardCount(5).build();
    assertThat(ShardPlacement.problems(view)).containsExactly("the ring names owners of 4 shards, not 5");
  }

  /** Four shards; the ring names h1 for the odd ones and h2 for the even ones. */
  private static DescribeMembershipResponse view(HistoryHostInfo... hosts) {
    DescribeMembershipResponse.Builder view = DescribeMembershipResponse.newBuilder().setHistoryShardCount(4)
        .addAllHistoryHosts(List.of(hosts));
    for (int shard = 1; shard <= 4; shard++) {
      view.addShards(ShardOwner.newBuilder().setShardId(shard).setRingOwner(shard % 2 == 1 ? "h1" : "h2"));
    }
    return view.build();
  }

  private static HistoryHostInfo host(String identity, Integer... shards) {
    return HistoryHostInfo.newBuilder().setIdentity(identity).addAllOwnedShards(List.of(shards)).build();
  }
}
