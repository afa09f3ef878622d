package dev.conduit.config;

import static dev.conduit.config.TestConfigs.MINIMAL;
import static dev.conduit.config.TestConfigs.assertError;
import static dev.conduit.config.TestConfigs.edit;
import static dev.conduit.config.TestConfigs.errorsOf;
import static dev.conduit.config.TestConfigs.seed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterMetadataValidationTest {

  private static final String CLUSTERS = "clusterMetadata.clusterInformation.";

  @Test
  void currentClusterMustBeInClusterInformation() {
    assertError(edit(seed(), "currentClusterName: \"active\"", "currentClusterName: \"east\""),
        "clusterMetadata.currentClusterName",
        "names cluster 'east', which is not in clusterMetadata.clusterInformation [active, standby, other]");
  }

  @Test
  void masterClusterMustBeInClusterInformation() {
    assertError(edit(seed(), "masterClusterName: \"active\"", "masterClusterName: \"west\""),
        "clusterMetadata.masterClusterName", "names cluster 'west', which is not in");
  }

  @Test
  void currentClusterMustBeEnabled() {
    assertError(edit(MINIMAL, "enabled: true", "enabled: false"),
        "clusterMetadata.currentClusterName", "names cluster 'solo', which is not enabled");
  }

  @Test
  void failoverVersionIncrementBelowTwoIsRejected() {
    String yaml = edit(MINIMAL, "failoverVersionIncrement: 10", "failoverVersionIncrement: 1");

    List<ConfigError> errors =
        assertError(yaml, "clusterMetadata.failoverVersionIncrement", "must be at least 2");
    assertThat(errors).hasSize(1);
  }

  @Test
  void initialFailoverVersionMustBeBelowTheIncrement() {
    assertError(edit(seed(), "initialFailoverVersion: 2", "initialFailoverVersion: 10"),
        CLUSTERS + "standby.initialFailoverVersion",
        "must be in 1..9 (below failoverVersionIncrement 10), was 10");
  }

  @Test
  void initialFailoverVersionZeroIsRejected() {
    assertError(edit(seed(), "initialFailoverVersion: 3", "initialFailoverVersion: 0"),
        CLUSTERS + "other.initialFailoverVersion", "must be in 1..9");
  }

  @Test
  void duplicatedInitialFailoverVersionIsRejected() {
    assertError(edit(seed(), "initialFailoverVersion: 3", "initialFailoverVersion: 1"),
        CLUSTERS + "other.initialFailoverVersion",
        "duplicates the initialFailoverVersion 1 of cluster 'active'; each cluster needs its own");
  }

  @Test
  void enabledClusterNeedsAnRpcAddress() {
    assertError(edit(seed(), "      rpcAddress: \"10.12.4.83:7233\"\n", ""),
        CLUSTERS + "other.rpcAddress", "is required for an enabled cluster");
  }

  @Test
  void badRpcAddressIsRejected() {
    assertError(edit(seed(), "rpcAddress: \"10.12.4.83:7233\"", "rpcAddress: \"10.12.4.83\""),
        CLUSTERS + "other.rpcAddress", "has no port");
  }

  @Test
  void clusterInformationIsRequired() {
    String yaml = MINIMAL.substring(0, MINIMAL.indexOf("  clusterInformation:"));

    assertThat(errorsOf(yaml))
        .containsExactly(new ConfigError("clusterMetadata.clusterInformation", "is required"));
  }

  @Test
  void badRedirectionPolicyIsRejected() {
    assertError(edit(seed(), "policy: \"selected-apis-forwarding\"", "policy: \"forward-everything\""),
        "dcRedirectionPolicy.policy",
        "'forward-everything' is not one of noop, selected-apis-forwarding, all-apis-forwarding");
  }

  @Test
  void redirectionTargetIsRefused() {
    assertError(edit(seed(), "toDC: \"\"", "toDC: \"standby\""),
        "dcRedirectionPolicy.toDC", "is not implemented by Conduit");
  }

  @Test
  void remoteClusterReachedAtAnotherServiceIsRefused() {
    assertError(edit(seed(), "rpcName: \"frontend\"", "rpcName: \"gateway\""),
        "clusterMetadata.clusterInformation.active.rpcName", "'gateway' is not implemented by Conduit");
  }

  @Test
  void unknownReplicationConsumerTypeIsRejected() {
    assertError(edit(seed(), "type: kafka", "type: carrier-pigeon"),
        "clusterMetadata.replicationConsumer.type", "'carrier-pigeon' is not one of kafka, rpc");
  }
}
