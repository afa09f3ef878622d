package dev.conduit.history.shard;

import dev.conduit.proto.admin.v1.DescribeMembershipResponse;
import dev.conduit.proto.admin.v1.HistoryHostInfo;
import dev.conduit.proto.admin.v1.ShardOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the admin membership view for the one property shard ownership must have: every shard is served by exactly
 * one history host, the one the ring names. The admin CLI prints what this finds; tests and the shard-move bench
 * wait until it finds nothing.
 */
public final class ShardPlacement {
  private ShardPlacement() {}

  /** What is wrong with the placement the view shows, one line each; empty when every shard is served once by its owner. */
  public static List<String> problems(DescribeMembershipResponse membership) {
    List<String> problems = new ArrayList<>();
    Map<Integer, List<String>> servedBy = new TreeMap<>();
    for (HistoryHostInfo host : membership.getHistoryHostsList()) {
      if (!host.getError().isEmpty()) {
        problems.add("history host " + host.getIdentity() + " did not say which shards it serves: " + host.getError());
      }
      host.getOwnedShardsList().forEach(shard -> servedBy.computeIfAbsent(shard, s -> new ArrayList<>()).add(host.getIdentity()));
    }
    if (membership.getShardsCount() != membership.getHistoryShardCount()) {
      problems.add("the ring names owners of " + membership.getShardsCount() + " shards, not " + membership.getHistoryShardCount());
    }
    for (ShardOwner shard : membership.getShardsList()) {
      List<String> served = servedBy.getOrDefault(shard.getShardId(), List.of());
      if (served.size() != 1) {
        problems.add("shard " + shard.getShardId() + " is served by " + (served.isEmpty() ? "no host" : served));
      } else if (!served.get(0).equals(shard.getRingOwner())) {
        problems.add("shard " + shard.getShardId() + " is served by " + served.get(0) + " but the ring names "
            + (shard.getRingOwner().isEmpty() ? "no host" : shard.getRingOwner()));
      }
    }
    return problems;
  }
}
