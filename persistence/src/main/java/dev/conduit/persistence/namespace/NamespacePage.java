package dev.conduit.persistence.namespace;

import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.util.List;
import java.util.Optional;

/**
 * One page of a namespace listing; {@code nextAfterName} is where the next page starts, empty on the
 * last page.
 */
public record NamespacePage(List<NamespaceDetail> namespaces, Optional<String> nextAfterName) {
  public NamespacePage {
    namespaces = List.copyOf(namespaces);
  }
}
