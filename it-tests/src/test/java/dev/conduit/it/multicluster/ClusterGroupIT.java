package dev.conduit.it.multicluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.it.support.ClusterGroup;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clusters as separate processes on one machine: each answers as itself, with its own initial
 * failover version under the shared increment, and each keeps its own keyspace.
 */
class ClusterGroupIT {
  private static ClusterGroup group;

  @BeforeAll
  static void startClusters() {
    group = ClusterGroup.start("active", "standby");
  }

  @AfterAll
  static void stopClusters() {
    if (group != null) {
      group.close();
    }
  }

  @Test
  void eachClusterAnswersAsItselfWithItsOwnFailoverVersion() {
    GetClusterInfoResponse active = clusterInfo("active");
    GetClusterInfoResponse standby = clusterInfo("standby");

    assertThat(active.getClusterName()).isEqualTo("active");
    assertThat(standby.getClusterName()).isEqualTo("standby");
    assertThat(active.getClusterId()).isNotEqualTo(standby.getClusterId());
    assertThat(active.getInitialFailoverVersion()).isEqualTo(1);
    assertThat(standby.getInitialFailoverVersion()).isEqualTo(2);
    assertThat(active.getFailoverVersionIncrement()).isEqualTo(10).isEqualTo(standby.getFailoverVersionIncrement());
    assertThat(group.cluster("active").cassandra().keyspace())
        .isNotEqualTo(group.cluster("standby").cassandra().keyspace());
  }

  private static GetClusterInfoResponse clusterInfo(String name) {
    WorkflowServiceStubs stubs = group.cluster(name).newStubs();
    try {
      return stubs.blockingStub().getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
    } finally {
      stubs.shutdownNow();
    }
  }
}
