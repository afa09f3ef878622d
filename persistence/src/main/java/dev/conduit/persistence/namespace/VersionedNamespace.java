package dev.conduit.persistence.namespace;

import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.util.Objects;

/**
 * A namespace as read, with the store's notification version at the time of the read: the condition an
 * update built from this read must pass.
 */
public record VersionedNamespace(NamespaceDetail detail, long storeNotificationVersion) {
  public VersionedNamespace {
    Objects.requireNonNull(detail, "detail");
  }

  public String name() {
    return detail.getInfo().getName();
  }

  public String id() {
    return detail.getInfo().getId();
  }
}
