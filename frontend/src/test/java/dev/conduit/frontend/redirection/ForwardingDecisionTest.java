package dev.conduit.frontend.redirection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicConfigParser;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import org.junit.jupiter.api.Test;

class ForwardingDecisionTest {
  private static final String START = "StartWorkflowExecution";
  private static final String POLL = "PollWorkflowTaskQueue";
  private final ForwardingDecision selected =
      new ForwardingDecision(RedirectionPolicy.SELECTED_APIS_FORWARDING, "active", DynamicConfig.defaults());

  @Test
  void aSelectedCallOfAGlobalNamespaceActiveElsewhereGoesToTheActiveCluster() {
    assertThat(selected.target(START, global("orders", "standby", "active", "standby"), false)).contains("standby");
  }

  @Test
  void aNamespaceActiveHereLocalOrOfOneClusterIsAnsweredHere() {
    assertThat(selected.target(START, global("orders", "active", "active", "standby"), false)).isEmpty();
    assertThat(selected.target(START, global("orders", "standby", "standby"), false)).isEmpty();
    NamespaceDetail local = global("orders", "standby", "active", "standby").toBuilder().setIsGlobal(false).build();
    assertThat(selected.target(START, local, false)).isEmpty();
  }

  @Test
  void aCallAnotherFrontendForwardedIsNeverForwardedAgain() {
    assertThat(selected.target(START, global("orders", "standby", "active", "standby"), true)).isEmpty();
  }

  @Test
  void onlyTheApisOfThePolicyAreForwarded() {
    NamespaceDetail elsewhere = global("orders", "standby", "active", "standby");
    assertThat(selected.target(POLL, elsewhere, false)).isEmpty();
    ForwardingDecision all = new ForwardingDecision(RedirectionPolicy.ALL_APIS_FORWARDING, "active", DynamicConfig.defaults());
    assertThat(all.target(POLL, elsewhere, false)).contains("standby");
    ForwardingDecision noop = new ForwardingDecision(RedirectionPolicy.NOOP, "active", DynamicConfig.defaults());
    assertThat(noop.target(START, elsewhere, false)).isEmpty();
  }

  @Test
  void theDynamicFlagTurnsForwardingOffPerNamespace() {
    DynamicConfig flags = DynamicConfigParser.withStandardKeys().parse("""
        system.enableNamespaceNotActiveAutoForwarding:
          - value: false
            constraints:
              namespace: "orders"
        """, "test").values();
    ForwardingDecision decision = new ForwardingDecision(RedirectionPolicy.SELECTED_APIS_FORWARDING, "active", flags);
    assertThat(decision.target(START, global("orders", "standby", "active", "standby"), false)).isEmpty();
    assertThat(decision.target(START, global("payments", "standby", "active", "standby"), false)).contains("standby");
  }

  private static NamespaceDetail global(String name, String active, String... clusters) {
    return NamespaceDetail.newBuilder()
        .setInfo(NamespaceDetail.Info.newBuilder().setName(name).setId("id-" + name)
            .setState(NamespaceDetail.State.STATE_REGISTERED))
        .setIsGlobal(true)
        .setReplication(NamespaceDetail.Replication.newBuilder().setActiveClusterName(active)
            .addAllClusters(java.util.List.of(clusters)))
        .build();
  }
}
