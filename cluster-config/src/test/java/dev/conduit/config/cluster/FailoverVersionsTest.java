package dev.conduit.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.config.TestConfigs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverVersionsTest {

  /** Increment 10, A = 1, B = 2, seen from cluster A. */
  private final FailoverVersions versions = new FailoverVersions(10, clusters("A", 1L, "B", 2L), "A");

  @Test
  void failoverMovesVersionToTargetCluster() {
    long registered = versions.nextVersionFor("A", FailoverVersions.EMPTY_VERSION);
    long onB = versions.nextVersionFor("B", registered);
    long backOnA = versions.nextVersionFor("A", onB);
    long onBAgain = versions.nextVersionFor("B", backOnA);

    assertThat(registered).isEqualTo(1);
    assertThat(onB).isEqualTo(2);
    assertThat(backOnA).isEqualTo(11);
    assertThat(onBAgain).isEqualTo(12);
  }

  @Test
  void failoverToTheOwningClusterKeepsTheVersion() {
    assertThat(versions.nextVersionFor("B", 12)).isEqualTo(12);
    assertThat(versions.nextVersionFor("A", 11)).isEqualTo(11);
  }

  @Test
  void nextVersionIsTheSmallestLargerOneOfTheTarget() {
    assertThat(versions.nextVersionFor("A", 12)).isEqualTo(21);
    assertThat(versions.nextVersionFor("B", 21)).isEqualTo(22);
    assertThat(versions.nextVersionFor("B", 1_000_001)).isEqualTo(1_000_002);
    assertThat(versions.nextVersionFor("A", 1_000_002)).isEqualTo(1_000_011);
  }

  @Test
  void everyVersionBelongsToTheClusterOfItsResidue() {
    assertThat(versions.initialVersion("B")).isEqualTo(2);
    assertThat(versions.clusterOf(1)).isEqualTo("A");
    assertThat(versions.clusterOf(12)).isEqualTo("B");
    assertThat(versions.clusterOf(1_000_001)).isEqualTo("A");
    assertThat(versions.isCurrentCluster(21)).isTrue();
    assertThat(versions.isCurrentCluster(22)).isFalse();
    assertThat(versions.isSameCluster(2, 102)).isTrue();
    assertThat(versions.isSameCluster(1, 2)).isFalse();
  }

  @Test
  void emptyVersionOfALocalNamespaceBelongsToTheCurrentCluster() {
    assertThat(versions.clusterOf(FailoverVersions.EMPTY_VERSION)).isEqualTo("A");
    assertThat(versions.isCurrentCluster(FailoverVersions.EMPTY_VERSION)).isTrue();
    assertThat(versions.isSameCluster(FailoverVersions.EMPTY_VERSION, 11)).isTrue();
  }

  @Test
  void versionOfNoKnownClusterIsRejected() {
    assertThatThrownBy(() -> versions.clusterOf(15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version 15 belongs to no known cluster (15 mod 10 = 5)");
  }

  @Test
  void unknownClusterIsRejected() {
    assertThatThrownBy(() -> versions.nextVersionFor("C", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown cluster 'C'; known clusters are [A, B]");
    assertThatThrownBy(() -> versions.initialVersion("C")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeVersionsAreRejected() {
    assertThatThrownBy(() -> versions.nextVersionFor("A", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover version must not be negative, was -1");
    assertThatThrownBy(() -> versions.clusterOf(-10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> versions.isSameCluster(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> versions.isCurrentCluster(-2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inconsistentClusterVersionsAreRejected() {
    assertThatThrownBy(() -> new FailoverVersions(1, clusters("A", 1L, "B", 2L), "A"))
        .hasMessageContaining("increment must be at least 2");
    assertThatThrownBy(() -> new FailoverVersions(10, clusters("A", 1L, "B", 10L), "A"))
        .hasMessageContaining("initial failover version 10 of cluster B is not in 1..9");
    assertThatThrownBy(() -> new FailoverVersions(10, clusters("A", 3L, "B", 3L), "A"))
        .hasMessageContaining("clusters A and B share initial failover version 3");
    assertThatThrownBy(() -> new FailoverVersions(10, clusters("A", 1L, "B", 2L), "C"))
        .hasMessageContaining("current cluster C is not a known cluster");
  }

  @Test
  void versionsAreBuiltFromClusterMetadata() {
    FailoverVersions seed = TestConfigs.load(TestConfigs.seed()).clusterMetadata().failoverVersions();

    assertThat(seed.increment()).isEqualTo(10);
    assertThat(seed.currentCluster()).isEqualTo("active");
    assertThat(seed.nextVersionFor("standby", 1)).isEqualTo(2);
    assertThat(seed.nextVersionFor("other", 2)).isEqualTo(3);
    assertThat(seed.nextVersionFor("active", 3)).isEqualTo(11);
  }

  private static Map<String, Long> clusters(String a, long initialA, String b, long initialB) {
    Map<String, Long> clusters = new LinkedHashMap<>();
    clusters.put(a, initialA);
    clusters.put(b, initialB);
    return clusters;
  }
}
