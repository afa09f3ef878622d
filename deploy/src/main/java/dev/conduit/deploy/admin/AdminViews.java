package dev.conduit.deploy.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.conduit.proto.admin.v1.ClusterInfo;
import dev.conduit.proto.admin.v1.DescribeClusterResponse;
import dev.conduit.proto.admin.v1.DescribeNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverNamespaceResponse;
import dev.conduit.proto.admin.v1.FailoverRecord;
import dev.conduit.proto.admin.v1.GetReplicationStatusResponse;
import dev.conduit.proto.admin.v1.ListClustersResponse;
import dev.conduit.proto.admin.v1.NamespaceReplicationState;
import dev.conduit.proto.admin.v1.NamespaceReplicationStatus;
import dev.conduit.proto.admin.v1.RemoteClusterReplicationStatus;
import dev.conduit.proto.admin.v1.ShardReplicationStatus;
import dev.conduit.proto.history.v1.ShardQueueState;
import java.time.Instant;

/** How {@code conduit admin} shows each answer: tables and key/value lists for people, or the message as JSON. */
final class AdminViews {
  private AdminViews() {}

  static String json(MessageOrBuilder message) {
    try {
      return JsonFormat.printer().includingDefaultValueFields().print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print the answer as JSON", e);
    }
  }

  static String clusters(ListClustersResponse response) {
    Table table = new Table("NAME", "CURRENT", "MASTER", "ADDRESS", "INITIAL VERSION", "SHARDS", "CLUSTER ID", "SOURCE");
    for (ClusterInfo cluster : response.getClustersList()) {
      table.row(cluster.getName(), yes(cluster.getIsCurrent()), yes(cluster.getIsMaster()), cluster.getAddress(),
          cluster.getInitialFailoverVersion(), cluster.getHistoryShardCount() == 0 ? "" : cluster.getHistoryShardCount(),
          cluster.getClusterId(), cluster.getSource());
    }
    return table.toString();
  }

  static String cluster(DescribeClusterResponse response) {
    ClusterInfo cluster = response.getCluster();
    return new Table("FIELD", "VALUE")
        .row("name", cluster.getName())
        .row("cluster id", cluster.getClusterId())
        .row("address", cluster.getAddress())
        .row("current", yes(cluster.getIsCurrent()))
        .row("master", yes(cluster.getIsMaster()))
        .row("initial failover version", cluster.getInitialFailoverVersion())
        .row("failover version increment", cluster.getFailoverVersionIncrement())
        .row("history shards", cluster.getHistoryShardCount() == 0 ? "unknown" : cluster.getHistoryShardCount())
        .row("connection enabled", yes(cluster.getConnectionEnabled()))
        .row("known from", cluster.getSource())
        .row("redirection policy (of the answering cluster)", response.getRedirectionPolicy())
        .row("global namespaces", yes(response.getGlobalNamespacesEnabled()))
        .row("replicates through kafka", yes(response.getReplicatesThroughKafka()))
        .row("remote frontend", response.getRemoteStatus())
        .toString();
  }

  static String namespace(DescribeNamespaceResponse namespace) {
    NamespaceReplicationState replication = namespace.getReplication();
    StringBuilder text = new StringBuilder(new Table("FIELD", "VALUE")
        .row("name", namespace.getName())
        .row("id", namespace.getId())
        .row("state", namespace.getState())
        .row("description", namespace.getDescription())
        .row("owner email", namespace.getOwnerEmail())
        .row("retention", java.time.Duration.ofSeconds(namespace.getRetentionSeconds()))
        .row("global", yes(replication.getIsGlobal()))
        .row("clusters", String.join(", ", replication.getClustersList()))
        .row("active cluster", replication.getActiveCluster())
        .row("active in " + namespace.getCluster(), yes(replication.getActiveHere()))
        .row("failover version", replication.getFailoverVersion())
        .row("config version", namespace.getConfigVersion())
        .row("last change made by", replication.getOriginCluster())
        .row("updated", time(namespace.getUpdatedTime()))
        .toString());
    text.append("\nfailover history (oldest first):\n");
    if (replication.getFailoverHistoryCount() == 0) {
      text.append("  none\n");
    } else {
      Table history = new Table("TIME", "FAILOVER VERSION", "CLUSTER");
      for (FailoverRecord record : replication.getFailoverHistoryList()) {
        history.row(time(record.getFailoverTime()), record.getFailoverVersion(), record.getCluster());
      }
      text.append(history);
    }
    return text.toString();
  }

  static String failover(FailoverNamespaceResponse response) {
    NamespaceReplicationState after = response.getNamespace().getReplication();
    return "namespace " + response.getNamespace().getName() + " failed over from " + response.getPreviousActiveCluster()
        + " (failover version " + response.getPreviousFailoverVersion() + ") to " + after.getActiveCluster()
        + " (failover version " + after.getFailoverVersion() + ")"
        + (response.getGraceful() ? ", gracefully: writes waited " + millis(response.getHandoverDuration())
            + " ms in HANDOVER" : "") + "\n";
  }

  private static long millis(com.google.protobuf.Duration duration) {
    return duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
  }

  static String membership(dev.conduit.proto.admin.v1.DescribeMembershipResponse response) {
    Table hosts = new Table("HISTORY HOST", "ADDRESS", "SERVES SHARDS", "ERROR");
    for (dev.conduit.proto.admin.v1.HistoryHostInfo host : response.getHistoryHostsList()) {
      hosts.row(host.getIdentity(), host.getAddress(), host.getOwnedShardsCount() + " " + host.getOwnedShardsList(), host.getError());
    }
    java.util.List<String> problems = dev.conduit.history.shard.ShardPlacement.problems(response);
    return hosts + "matching hosts: " + response.getMatchingHostsList() + "\n"
        + (problems.isEmpty() ? "all " + response.getHistoryShardCount() + " shards are served once, by the host the ring names\n"
            : String.join("\n", problems) + "\n")
        + shardQueues(response);
  }

  /** Each served shard's queues; a timer lag that keeps growing is a shard whose due timers are not done. */
  private static String shardQueues(dev.conduit.proto.admin.v1.DescribeMembershipResponse response) {
    Table queues = new Table("SHARD", "HOST", "TRANSFER ACK LEVEL", "TRANSFER PENDING", "TIMER ACK LEVEL",
        "TIMER PENDING", "TIMER LAG MS", "OLDEST PENDING TIMER");
    for (dev.conduit.proto.admin.v1.HistoryHostInfo host : response.getHistoryHostsList()) {
      for (ShardQueueState shard : host.getShardQueuesList()) {
        queues.row(shard.getShardId(), host.getIdentity(), shard.getTransferAckLevel(), shard.getTransferPending(),
            time(shard.getTimerAckLevel()), shard.getTimerPending(), timerLag(shard), oldestTimer(shard));
      }
    }
    return queues.toString();
  }

  /** How long the oldest timer not done had been due at the queue's last pass; empty before its first pass. */
  static String timerLag(ShardQueueState shard) {
    if (!shard.hasTimerPassTime()) {
      return "";
    }
    long lag = Timestamps.toMillis(shard.getTimerPassTime()) - Timestamps.toMillis(shard.getTimerAckLevel());
    return Long.toString(Math.max(0, lag));
  }

  private static String oldestTimer(ShardQueueState shard) {
    if (!shard.hasOldestTimerDue()) {
      return "";
    }
    return "due " + time(shard.getOldestTimerDue()) + ", workflow " + shard.getOldestTimerWorkflowId() + " run "
        + shard.getOldestTimerRunId() + ", " + shard.getOldestTimerAttempts() + " failed attempts";
  }

  static String replication(GetReplicationStatusResponse response) {
    Table table = new Table("REMOTE CLUSTER", "ENABLED", "DIRECTION", "LAST NOTIFICATION VERSION", "AT", "NAMESPACE",
        "LOCAL CURRENT");
    for (RemoteClusterReplicationStatus remote : response.getRemoteClustersList()) {
      NamespaceReplicationStatus namespaces = remote.getNamespaces();
      table.row(remote.getCluster(), yes(remote.getReplicationEnabled()), "published to",
          level(namespaces.getLastPublishedNotificationVersion()), time(namespaces.getLastPublishedTime()), "",
          namespaces.getCurrentNotificationVersion());
      table.row(remote.getCluster(), yes(remote.getReplicationEnabled()), "applied from",
          level(namespaces.getLastAppliedNotificationVersion()), time(namespaces.getLastAppliedTime()),
          namespaces.getLastAppliedNamespace(), "");
    }
    Table shards = new Table("REMOTE CLUSTER", "SHARD", "PUBLISHED TO (TASK)", "AT", "BY", "APPLIED FROM (TASK)", "AT",
        "BY", "WRITTEN THERE AT", "LAG MS");
    for (RemoteClusterReplicationStatus remote : response.getRemoteClustersList()) {
      for (ShardReplicationStatus shard : remote.getShardsList()) {
        shards.row(remote.getCluster(), shard.getShardId(), level(shard.getLastPublishedTaskId()),
            time(shard.getLastPublishedTime()), shard.getPublishedBy(), level(shard.getLastAppliedTaskId()),
            time(shard.getLastAppliedTime()), shard.getAppliedBy(), time(shard.getLastAppliedTaskTime()), shard.hasApplyLag() ? Long.toString(millis(shard.getApplyLag())) : "");
      }
    }
    return "namespace replication seen from cluster " + response.getCluster() + "\n" + table
        + "(notification versions are those of the cluster that made the change)\n\n"
        + "workflow replication per shard (shard ids of the cluster that wrote the tasks; lag: applied time minus the"
        + " time the remote wrote the task)\n" + shards;
  }

  static String verify(ReplicationVerify.Report report) {
    StringBuilder text = new StringBuilder("namespace " + report.namespace() + ": " + report.runs() + " run(s) on "
        + report.first() + " and " + report.second() + ", " + report.historiesCompared() + " histories compared event by"
        + " event, " + report.differences().size() + " difference(s)" + (report.truncated() ? ", list cut at 10000 runs" : "")
        + "\n");
    if (!report.differences().isEmpty()) {
      Table table = new Table("WORKFLOW ID", "RUN ID", "DIFFERENCE");
      report.differences().forEach(d -> table.row(d.workflowId(), d.runId(), d.what()));
      text.append(table);
    }
    return text.toString();
  }

  static String verifyJson(ReplicationVerify.Report report) {
    StringBuilder json = new StringBuilder("{\"namespace\":" + quote(report.namespace()) + ",\"clusters\":["
        + quote(report.first()) + "," + quote(report.second()) + "],\"runs\":" + report.runs()
        + ",\"historiesCompared\":" + report.historiesCompared() + ",\"truncated\":" + report.truncated()
        + ",\"differences\":[");
    for (int i = 0; i < report.differences().size(); i++) {
      ReplicationVerify.Difference d = report.differences().get(i);
      json.append(i == 0 ? "" : ",").append("{\"workflowId\":").append(quote(d.workflowId())).append(",\"runId\":")
          .append(quote(d.runId())).append(",\"difference\":").append(quote(d.what())).append("}");
    }
    return json.append("]}").toString();
  }

  static String letters(String topic, java.util.List<DeadLetters.Letter> letters) {
    Table table = new Table("OFFSET", "KIND", "KEY", "BYTES", "PARKED AT", "FROM", "LAST ERROR");
    for (DeadLetters.Letter letter : letters) {
      table.row(letter.partition() + "@" + letter.offset(), letter.kind(), letter.key(), letter.bytes(),
          letter.parkedAt(), letter.origin(), letter.error());
    }
    return letters.size() + " task(s) parked in " + topic + " (not yet purged or merged)\n" + (letters.isEmpty() ? "" : table);
  }

  static String lettersJson(java.util.List<DeadLetters.Letter> letters) {
    StringBuilder json = new StringBuilder("[");
    for (DeadLetters.Letter letter : letters) {
      if (json.length() > 1) {
        json.append(",");
      }
      json.append("{\"partition\":").append(letter.partition()).append(",\"offset\":").append(letter.offset())
          .append(",\"kind\":").append(quote(letter.kind())).append(",\"key\":").append(quote(letter.key()))
          .append(",\"bytes\":").append(letter.bytes()).append(",\"parkedAt\":").append(quote(letter.parkedAt().toString()))
          .append(",\"from\":").append(quote(letter.origin())).append(",\"error\":").append(quote(letter.error()))
          .append("}");
    }
    return json.append("]").toString();
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String level(long version) {
    return version < 0 ? "none" : Long.toString(version);
  }

  private static String time(Timestamp timestamp) {
    return timestamp.getSeconds() == 0 && timestamp.getNanos() == 0 ? ""
        : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
  }

  private static String yes(boolean value) {
    return value ? "yes" : "no";
  }
}
