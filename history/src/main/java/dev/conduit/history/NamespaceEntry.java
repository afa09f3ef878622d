package dev.conduit.history;

import java.time.Duration;
import java.util.Objects;

/**
 * A namespace as history sees it: every event written for it carries {@code failoverVersion}, the
 * namespace's failover version at write time (invariant 3).
 */
public record NamespaceEntry(String id, String name, long failoverVersion, Duration retention) {
  public NamespaceEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
  }
}
