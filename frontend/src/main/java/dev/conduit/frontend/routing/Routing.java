package dev.conduit.frontend.routing;

import dev.conduit.client.CallSettings;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.membership.MembershipMonitor;
import java.util.Objects;

/**
 * How the frontend reaches history and matching: one client of each, shared by every operation (so their circuit
 * breakers and bulkheads see all of this frontend's calls). A frontend built without routing ({@link #none()})
 * serves namespaces only and answers workflow calls UNIMPLEMENTED. Closing it closes the clients' channels, never
 * the membership monitors.
 */
public record Routing(HistoryServiceClient history, MatchingServiceClient matching) implements AutoCloseable {

  public Routing {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(matching, "matching");
  }

  /** No history or matching: the namespace-only frontend. */
  public static Routing none() {
    return new Routing(HistoryServiceClient.absent(), MatchingServiceClient.absent());
  }

  /** One history and one matching address (single node or dev mode), plaintext. */
  public static Routing forTargets(String historyTarget, String matchingTarget, int numHistoryShards) {
    CallSettings calls = CallSettings.defaults();
    return new Routing(HistoryServiceClient.forTarget(historyTarget, numHistoryShards, calls),
        MatchingServiceClient.forTarget(matchingTarget, calls));
  }

  /**
   * Owners from the hash rings of the two monitors, one plaintext channel per member, the default call settings.
   * The monitors are the caller's to start and close.
   */
  public static Routing fromMembership(MembershipMonitor history, MembershipMonitor matching, int numHistoryShards) {
    CallSettings calls = CallSettings.defaults();
    return new Routing(HistoryServiceClient.ring(history, numHistoryShards, calls), MatchingServiceClient.ring(matching, calls));
  }

  @Override
  public void close() {
    history.close();
    matching.close();
  }
}
