package dev.conduit.frontend.routing;
import dev.conduit.membership.grpc.MemberChannels;

import dev.conduit.membership.MembershipMonitor;
import io.grpc.Status;
import java.util.Objects;

/**
 * How the frontend reaches history and matching: the two routers and the deadlines and retries of the
 * calls. A frontend built without routing ({@link #none()}) serves namespaces only and answers workflow
 * calls UNIMPLEMENTED. Closing it closes the routers' channels, never the membership monitors.
 */
public record Routing(HistoryRouter history, MatchingRouter matching, CallSettings calls) implements AutoCloseable {

  public Routing {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(matching, "matching");
    Objects.requireNonNull(calls, "calls");
  }

  /** No history or matching: the namespace-only frontend. */
  public static Routing none() {
    return new Routing(
        shard -> {
          throw Status.UNIMPLEMENTED.withDescription("this frontend was started without a history service")
              .asRuntimeException();
        },
        queue -> {
          throw Status.UNIMPLEMENTED.withDescription("this frontend was started without a matching service")
              .asRuntimeException();
        },
        CallSettings.defaults());
  }

  /** One history and one matching address (single node or dev mode), plaintext. */
  public static Routing forTargets(String historyTarget, String matchingTarget) {
    return new Routing(StaticHistoryRouter.forTarget(historyTarget), StaticMatchingRouter.forTarget(matchingTarget),
        CallSettings.defaults());
  }

  /**
   * Owners from the hash rings of the two monitors, one plaintext channel per member. The monitors are
   * the caller's to start and close.
   */
  public static Routing fromMembership(MembershipMonitor history, MembershipMonitor matching) {
    return new Routing(new MembershipHistoryRouter(history, MemberChannels.plaintext()),
        new MembershipMatchingRouter(matching, MemberChannels.plaintext()), CallSettings.defaults());
  }

  public Routing withCalls(CallSettings settings) {
    return new Routing(history, matching, settings);
  }

  @Override
  public void close() {
    history.close();
    matching.close();
  }
}
