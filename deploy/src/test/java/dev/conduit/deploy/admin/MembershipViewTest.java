package dev.conduit.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.conduit.proto.admin.v1.DescribeMembershipResponse;
import dev.conduit.proto.admin.v1.HistoryHostInfo;
import dev.conduit.proto.admin.v1.ShardOwner;
import dev.conduit.proto.history.v1.ShardQueueState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code conduit admin membership describe} shows each shard's queues: a lagging timer queue stands out. */
class MembershipViewTest {
  private static final String HOST = "history@127.0.0.1:7234";

  @Test
  void eachShardsQueuesShowTheirAckLevelsTheTimerLagAndTheOldestTimerNotDone() {
    ShardQueueState idle = ShardQueueState.newBuilder()
        .setShardId(0)
        .setTransferAckLevel(2097398)
        .setTimerAckLevel(Timestamps.parseUnchecked("2026-12-08T01:39:17.401Z"))
        .setTimerPassTime(Timestamps.parseUnchecked("2026-12-08T01:39:17.400Z"))
        .build();
    ShardQueueState stuck = ShardQueueState.newBuilder()
        .setShardId(1)
        .setTransferAckLevel(2097448)
        .setTransferPending(2)
        .setTimerAckLevel(Timestamps.parseUnchecked("2026-12-08T01:30:00Z"))
        .setTimerPending(100)
        .setTimerPassTime(Timestamps.parseUnchecked("2026-12-08T01:32:30.250Z"))
        .setOldestTimerDue(Timestamps.parseUnchecked("2026-12-08T01:30:00Z"))
        .setOldestTimerWorkflowId("fan-out")
        .setOldestTimerRunId("run-1")
        .setOldestTimerAttempts(7)
        .build();
    ShardQueueState notPassedYet = ShardQueueState.newBuilder()
        .setShardId(2)
        .setTimerAckLevel(Timestamps.parseUnchecked("2026-12-08T01:00:00Z"))
        .build();

    String view = AdminViews.membership(DescribeMembershipResponse.newBuilder()
        .setHistoryShardCount(3)
        .addHistoryHosts(HistoryHostInfo.newBuilder().setIdentity(HOST).setAddress("127.0.0.1:7234")
            .addAllOwnedShards(List.of(0, 1, 2)).addAllShardQueues(List.of(idle, stuck, notPassedYet)))
        .addShards(ShardOwner.newBuilder().setShardId(0).setRingOwner(HOST))
        .addShards(ShardOwner.newBuilder().setShardId(1).setRingOwner(HOST))
        .addShards(ShardOwner.newBuilder().setShardId(2).setRingOwner(HOST))
        .build());

    List<String> lines = view.lines().toList();
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("SHARD").contains("TIMER LAG MS"));
    assertThat(row(lines, "0")).containsSubsequence("0", HOST, "2097398", "0", "2026-12-08T01:39:17.401Z", "0", "0", "-");
    assertThat(row(lines, "1")).containsSubsequence("1", HOST, "2097448", "2", "2026-12-08T01:30:00Z", "100", "150250",
        "due", "2026-12-08T01:30:00Z,", "workflow", "fan-out", "run", "run-1,", "7", "failed", "attempts");
    assertThat(row(lines, "2")).as("no pass yet: no lag to show").containsSubsequence("2", HOST, "0", "0",
        "2026-12-08T01:00:00Z", "0", "-", "-");
  }

  private static List<String> row(List<String> lines, String shard) {
    return lines.stream().map(line -> List.of(line.trim().split("\\s+")))
        .filter(cells -> cells.size() > 1 && cells.get(0).equals(shard) && cells.get(1).equals(HOST))
        .findFirst().orElseThrow(() -> new AssertionError("no row for shard " + shard + " in\n" + String.join("\n", lines)));
  }
}
