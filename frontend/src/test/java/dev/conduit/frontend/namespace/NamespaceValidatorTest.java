package dev.conduit.frontend.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import dev.conduit.config.dynamic.Constraints;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKey;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.frontend.TestClusters;
import dev.conduit.frontend.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceValidatorTest {
  private final NamespaceValidator onActive = new NamespaceValidator(TestClusters.metadata(TestClusters.ACTIVE));

  @Test
  void acceptsOrdinaryNames() {
    for (String name : List.of("default", "orders-prod", "team_a.billing", "x", "a".repeat(1000))) {
      assertThatCode(() -> NamespaceValidator.validateName("namespace", name)).as(name).doesNotThrowAnyException();
    }
  }

  @Test
  void rejectsEmptyTooLongAndOddNamesNamingTheField() {
    assertThatThrownBy(() -> NamespaceValidator.validateName("namespace", ""))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("namespace: ").hasMessageContaining("required");
    assertThatThrownBy(() -> NamespaceValidator.validateName("namespace", "a".repeat(1001)))
        .hasMessageStartingWith("namespace: ").hasMessageContaining("1001").hasMessageContaining("1000");
    for (String bad : List.of("has space", "slash/name", "-leading", ".leading", "ünïcode", "tab\t")) {
      assertThatThrownBy(() -> NamespaceValidator.validateName("namespace", bad)).as(bad)
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("may only contain");
    }
  }

  @Test
  void retentionMustBeAtLeastOneDayAndNotNegative() {
    assertThat(NamespaceValidator.validateRetention("r", seconds(86_400))).isEqualTo(java.time.Duration.ofDays(1));
    assertThat(NamespaceValidator.validateRetention("r", seconds(30L * 86_400))).isEqualTo(java.time.Duration.ofDays(30));
    assertThatThrownBy(() -> NamespaceValidator.validateRetention("r", seconds(86_399)))
        .hasMessageStartingWith("r: ").hasMessageContaining("at least 1 day");
    assertThatThrownBy(() -> NamespaceValidator.validateRetention("r", seconds(0))).hasMessageContaining("at least 1 day");
    assertThatThrownBy(() -> NamespaceValidator.validateRetention("r", seconds(-86_400))).hasMessageContaining("negative");
    assertThatThrownBy(() -> NamespaceValidator.validateRetention("r", Duration.newBuilder().setSeconds(86_400).setNanos(-1).build()))
        .hasMessageContaining("not a valid duration");
  }

  @Test
  void theOperatorMayLowerTheMinimumRetentionOfLocalNamespacesOnly() {
    DynamicConfig localOneSecond = new DynamicConfig() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T get(DynamicKey<T> key, Constraints constraints) {
        return key == DynamicKeys.NAMESPACE_MIN_RETENTION_LOCAL ? (T) java.time.Duration.ofSeconds(1) : key.defaultValue();
      }
    };
    NamespaceValidator lowered = new NamespaceValidator(TestClusters.metadata(TestClusters.ACTIVE), localOneSecond);

    assertThat(lowered.validateRetention("r", seconds(2), false)).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThatThrownBy(() -> lowered.validateRetention("r", Duration.newBuilder().setNanos(500_000_000).build(), false))
        .hasMessageStartingWith("r: ").hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> lowered.validateRetention("r", seconds(2), true)).hasMessageContaining("at least 1 day");
    assertThatThrownBy(() -> onActive.validateRetention("r", seconds(2), false)).hasMessageContaining("at least 1 day");
  }

  @Test
  void localNamespaceLivesInTheCurrentClusterOnly() {
    assertThatCode(() -> onActive.validateReplication(false, "active", List.of("active"), "a", "c")).doesNotThrowAnyException();
    assertThatThrownBy(() -> onActive.validateReplication(false, "standby", List.of("standby"), "a", "c"))
        .hasMessageStartingWith("a: ").hasMessageContaining("local namespace");
    assertThatThrownBy(() -> onActive.validateReplication(false, "active", List.of("active", "standby"), "a", "c"))
        .hasMessageStartingWith("c: ").hasMessageContaining("make it global");
  }

  @Test
  void globalNamespaceIsActiveInOneOfItsKnownClusters() {
    assertThatCode(() -> onActive.validateReplication(true, "standby", List.of("active", "standby"), "a", "c"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> onActive.validateReplication(true, "standby", List.of("active"), "a", "c"))
        .hasMessageStartingWith("a: ").hasMessageContaining("is not one of the namespace's clusters");
    assertThatThrownBy(() -> onActive.validateReplication(true, "active", List.of("active", "mars"), "a", "c"))
        .hasMessageStartingWith("c: ").hasMessageContaining("unknown cluster 'mars'");
    assertThatThrownBy(() -> onActive.validateReplication(true, "mars", List.of("active"), "a", "c"))
        .hasMessageStartingWith("a: ").hasMessageContaining("unknown cluster 'mars'");
    assertThatThrownBy(() -> onActive.validateReplication(true, "active", List.of("active", "active"), "a", "c"))
        .hasMessageContaining("listed twice");
  }

  @Test
  void globalNamespacesNeedTheFlagAndTheMasterCluster() {
    NamespaceValidator disabled = new NamespaceValidator(TestClusters.metadata(TestClusters.ACTIVE, false));
    assertThatThrownBy(() -> disabled.requireGlobalEnabled("is_global_namespace"))
        .hasMessageStartingWith("is_global_namespace: ").hasMessageContaining("enableGlobalNamespace");
    NamespaceValidator onStandby = new NamespaceValidator(TestClusters.metadata(TestClusters.STANDBY));
    assertThatThrownBy(() -> onStandby.requireMasterCluster("is_global_namespace"))
        .hasMessageContaining("not the master cluster").hasMessageContaining("'active'");
    assertThatCode(() -> onActive.requireMasterCluster("is_global_namespace")).doesNotThrowAnyException();
  }

  private static Duration seconds(long seconds) {
    return Duration.newBuilder().setSeconds(seconds).build();
  }
}
