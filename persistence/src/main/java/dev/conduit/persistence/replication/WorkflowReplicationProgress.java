package dev.conduit.persistence.replication;

import java.time.Instant;
import java.util.List;

/**
 * How far workflow (history) replication got, per remote cluster and source shard: the last replication task of
 * each shard of this cluster that Kafka acknowledged for a remote ({@link Direction#PUBLISHED}), and the last task
 * of each shard of a source cluster applied here ({@link Direction#APPLIED}). Operators read it as replication
 * status and lag; a graceful failover waits on it.
 */
public interface WorkflowReplicationProgress {

  /** Which side of replication a level describes. */
  enum Direction {
    PUBLISHED("published"), APPLIED("applied");

    private final String column;

    Direction(String column) {
      this.column = column;
    }

    public String column() {
      return column;
    }
  }

  /**
   * One level.
   *
   * @param remoteCluster the cluster published to, or applied from
   * @param shardId the shard of the cluster that wrote the task
   * @param taskId the task's id in that shard
   * @param taskTime when the source wrote the task
   * @param recordedTime when it was published or applied
   * @param host the replication host that published or applied it (its Consul identity); null when unknown
   */
  record Level(Direction direction, String remoteCluster, int shardId, long taskId, Instant taskTime,
      Instant recordedTime, String host) {}

  /** Records {@code level}, replacing the one of the same direction, cluster and shard. */
  void record(Level level);

  /** Every level of {@code direction}, by cluster then shard. */
  List<Level> read(Direction direction);
}
