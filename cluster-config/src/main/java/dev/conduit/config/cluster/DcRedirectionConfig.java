package dev.conduit.config.cluster;

import java.util.Objects;

/**
 * The {@code dcRedirectionPolicy} section: what a frontend does with a call for a global namespace that
 * is active in another cluster. {@code toDC} is kept for Temporal compatibility; when set it must name
 * a known cluster.
 */
public record DcRedirectionConfig(Policy policy, String toDC) {

  public DcRedirectionConfig {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(toDC, "toDC");
  }

  public static DcRedirectionConfig defaults() {
    return new DcRedirectionConfig(Policy.NOOP, "");
  }

  /** The redirection policies, named as in Temporal's config. */
  public enum Policy {
    /** Answer {@code NamespaceNotActive}; the client must find the active cluster itself. */
    NOOP("noop"),
    /** Forward the namespace-scoped worker and client APIs Temporal selects to the active cluster. */
    SELECTED_APIS_FORWARDING("selected-apis-forwarding"),
    /** Forward every namespace-scoped API to the active cluster. */
    ALL_APIS_FORWARDING("all-apis-forwarding");

    private final String configName;

    Policy(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }
}
