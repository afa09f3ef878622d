package dev.conduit.replication.namespace;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.persistence.namespace.NamespaceStore;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.proto.replication.v1.NamespaceReplicationTask;
import dev.conduit.replication.service.TaskApplier;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a namespace replication task to the local namespace store, idempotently by version: an absent
 * namespace is created with the source's id; otherwise the config moves only if the incoming
 * {@code config_version} is higher and the active cluster only if the incoming {@code failover_version}
 * is higher, so a redelivered or older task changes nothing.
 */
public final class NamespaceTaskApplier {
  private static final Logger log = LoggerFactory.getLogger(NamespaceTaskApplier.class);
  private static final int CONFLICT_ATTEMPTS = 5;

  /** What an apply did. */
  public enum Outcome { CREATED, UPDATED, UNCHANGED }

  private final NamespaceStore store;

  public NamespaceTaskApplier(NamespaceStore store) {
    this.store = store;
  }

  /** This applier as the consumer calls it: an encoded {@link NamespaceReplicationTask} in, a log line out. */
  public TaskApplier asTaskApplier() {
    return asTaskApplier(task -> { });
  }

  /**
   * Like {@link #asTaskApplier()}; {@code applied} hears of every task once its apply is durable (the progress
   * operators see). A failure to record it is logged and never re-applies or parks the task.
   */
  public TaskApplier asTaskApplier(Consumer<NamespaceReplicationTask> applied) {
    return bytes -> {
      NamespaceReplicationTask task;
      try {
        task = NamespaceReplicationTask.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("not a namespace replication task: " + e.getMessage(), e);
      }
      Outcome outcome = apply(task);
      try {
        applied.accept(task);
      } catch (RuntimeException e) {
        log.warn("cannot record namespace task of {} from {} as applied", task.getNamespace().getInfo().getName(),
            task.getSourceCluster(), e);
      }
      return "namespace " + task.getNamespace().getInfo().getName() + " from " + task.getSourceCluster() + ": "
          + outcome;
    };
  }

  public Outcome apply(NamespaceReplicationTask task) {
    NamespaceDetail incoming = task.getNamespace();
    if (incoming.getInfo().getId().isEmpty() || incoming.getInfo().getName().isEmpty()) {
      throw new IllegalArgumentException("namespace replication task without namespace id or name");
    }
    NamespaceUpdateConflictException conflict = null;
    for (int attempt = 0; attempt < CONFLICT_ATTEMPTS; attempt++) {
      Optional<VersionedNamespace> existing = store.getById(incoming.getInfo().getId());
      if (existing.isEmpty()) {
        // the store creates idempotently for the same id, and refuses a name taken by another id
        NamespaceDetail.Builder created = incoming.toBuilder().clearNotificationVersion().clearFailoverNotificationVersion();
        created.getReplicationBuilder().clearReplicationState(); // a handover belongs to the cluster that runs it
        store.create(created.build());
        return Outcome.CREATED;
      }
      Optional<NamespaceDetail> next = merged(existing.get(), incoming);
      if (next.isEmpty()) {
        return Outcome.UNCHANGED;
      }
      try {
        store.update(next.get(), existing.get().storeNotificationVersion());
        return Outcome.UPDATED;
      } catch (NamespaceUpdateConflictException e) {
        conflict = e; // another namespace write came between read and write: read again
      }
    }
    throw conflict;
  }

  /** The stored detail with the newer parts of {@code incoming}, or empty if nothing in it is newer. */
  static Optional<NamespaceDetail> merged(VersionedNamespace current, NamespaceDetail incoming) {
    NamespaceDetail old = current.detail();
    NamespaceDetail.Builder next = old.toBuilder();
    boolean changed = false;
    if (incoming.getConfigVersion() > old.getConfigVersion()) {
      next.setInfo(incoming.getInfo())
          .setConfig(incoming.getConfig())
          .setIsGlobal(incoming.getIsGlobal())
          .setConfigVersion(incoming.getConfigVersion())
          .clearCustomSearchAttributes()
          .putAllCustomSearchAttributes(incoming.getCustomSearchAttributesMap());
      next.getReplicationBuilder().clearClusters().addAllClusters(incoming.getReplication().getClustersList());
      changed = true;
    }
    if (incoming.getFailoverVersion() > old.getFailoverVersion()) {
      next.setFailoverVersion(incoming.getFailoverVersion())
          .setFailoverNotificationVersion(current.storeNotificationVersion());
      next.getReplicationBuilder()
          .setActiveClusterName(incoming.getReplication().getActiveClusterName())
          // a failover made elsewhere ends any handover this cluster was in
          .clearReplicationState()
          .clearFailoverHistory()
          .addAllFailoverHistory(incoming.getReplication().getFailoverHistoryList());
      changed = true;
    }
    if (!changed) {
      return Optional.empty();
    }
    // applied, not originated here: this cluster's publisher must not send it back
    return Optional.of(next.setOriginCluster(incoming.getOriginCluster()).setUpdatedTime(incoming.getUpdatedTime()).build());
  }
}
