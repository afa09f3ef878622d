package dev.conduit.frontend.redirection;

import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.util.Optional;

/**
 * Whether one call goes to another cluster, and to which: only a call the policy forwards, not itself forwarded
 * already (a forwarded call is answered where it lands, so two clusters that disagree about a namespace cannot
 * bounce it), for a global namespace with more than one cluster that is active elsewhere, while
 * {@code system.enableNamespaceNotActiveAutoForwarding} is on for the namespace.
 */
public final class ForwardingDecision {
  private final RedirectionPolicy policy;
  private final String currentCluster;
  private final DynamicConfig dynamicConfig;

  public ForwardingDecision(RedirectionPolicy policy, String currentCluster, DynamicConfig dynamicConfig) {
    this.policy = policy;
    this.currentCluster = currentCluster;
    this.dynamicConfig = dynamicConfig;
  }

  /** The cluster to send the call to, or empty to answer it here. */
  public Optional<String> target(String api, NamespaceDetail namespace, boolean alreadyForwarded) {
    if (alreadyForwarded || !policy.forwards(api)) {
      return Optional.empty();
    }
    if (!namespace.getIsGlobal() || namespace.getReplication().getClustersCount() <= 1) {
      return Optional.empty();
    }
    String active = namespace.getReplication().getActiveClusterName();
    if (active.isEmpty() || active.equals(currentCluster)) {
      return Optional.empty();
    }
    if (!dynamicConfig.getForNamespace(DynamicKeys.ENABLE_NAMESPACE_NOT_ACTIVE_AUTO_FORWARDING,
        namespace.getInfo().getName())) {
      return Optional.empty();
    }
    return Optional.of(active);
  }

  public RedirectionPolicy policy() {
    return policy;
  }
}
