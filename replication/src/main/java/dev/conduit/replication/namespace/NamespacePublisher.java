package dev.conduit.replication.namespace;

import dev.conduit.persistence.namespace.NamespacePage;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.proto.replication.v1.NamespaceReplicationTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this cluster's namespace changes to the remote clusters. The namespace table is the outbox: every
 * global namespace that this cluster originated, that lists a remote cluster, and whose notification
 * version is above that remote's published level is sent to the remote's topic; the level moves only
 * after the sender confirmed, so a Kafka outage delays changes but never loses one.
 */
public final class NamespacePublisher {
  private static final Logger log = LoggerFactory.getLogger(NamespacePublisher.class);
  private static final int PAGE_SIZE = 200;

  /** Sends one task to a topic and returns once the broker acknowledged it, or throws. */
  public interface Sender {
    void send(String topic, String key, NamespaceReplicationTask task);
  }

  private final NamespaceStore store;
  private final PublishedLevels levels;
  private final Sender sender;
  private final String currentCluster;
  private final Map<String, String> topicByRemote;

  /** {@code topicByRemote}: the topic of every remote cluster this cluster replicates to. */
  public NamespacePublisher(NamespaceStore store, PublishedLevels levels, Sender sender, String currentCluster,
      Map<String, String> topicByRemote) {
    this.store = store;
    this.levels = levels;
    this.sender = sender;
    this.currentCluster = currentCluster;
    this.topicByRemote = Map.copyOf(topicByRemote);
  }

  /** One pass over every remote; returns how many tasks it sent. */
  public int publishOnce() {
    // every write with a notification version below this one is visible in the scan that follows
    long upTo = store.notificationVersion() - 1;
    int sent = 0;
    for (Map.Entry<String, String> remote : topicByRemote.entrySet()) {
      long level = levels.get(remote.getKey());
      if (level >= upTo) {
        continue;
      }
      for (NamespaceDetail detail : pending(remote.getKey(), level, upTo)) {
        sender.send(remote.getValue(), detail.getInfo().getId(),
            NamespaceReplicationTask.newBuilder().setSourceCluster(currentCluster).setNamespace(detail).build());
        sent++;
        log.info("sent namespace {} (config version {}, failover version {}) to {}", detail.getInfo().getName(),
            detail.getConfigVersion(), detail.getFailoverVersion(), remote.getKey());
      }
      levels.advance(remote.getKey(), upTo);
    }
    return sent;
  }

  private List<NamespaceDetail> pending(String remote, long level, long upTo) {
    List<NamespaceDetail> pending = new ArrayList<>();
    Optional<String> after = Optional.of("");
    while (after.isPresent()) {
      NamespacePage page = store.list(after.get(), PAGE_SIZE);
      for (NamespaceDetail detail : page.namespaces()) {
        if (detail.getIsGlobal() && currentCluster.equals(detail.getOriginCluster())
            && detail.getReplication().getClustersList().contains(remote)
            && detail.getNotificationVersion() > level && detail.getNotificationVersion() <= upTo) {
          pending.add(detail);
        }
      }
      after = page.nextAfterName();
    }
    pending.sort(Comparator.comparingLong(NamespaceDetail::getNotificationVersion));
    return pending;
  }
}
