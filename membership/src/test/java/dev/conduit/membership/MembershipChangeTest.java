package dev.conduit.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipChangeTest {

  @Test
  void memberMovedToAnotherPortCountsAsLeftAndJoined() {
    Member a = new Member("a", "10.0.0.1", 7000);
    Member b = new Member("b", "10.0.0.2", 7000);
    Member bMoved = new Member("b", "10.0.0.2", 7001);

    MembershipChange change = MembershipChange.between("svc", List.of(a, b), List.of(a, bMoved));

    assertThat(change.joined()).containsExactly(bMoved);
    assertThat(change.left()).containsExactly(b);
    assertThat(change.members()).containsExactly(a, bMoved);
    assertThat(change.isEmpty()).isFalse();
    assertThat(MembershipChange.between("svc", List.of(a), List.of(a)).isEmpty()).isTrue();
  }

  @Test
  void serviceInstanceRejectsWhatConsulCouldNotCheck() {
    assertThatThrownBy(() -> ServiceInstance.of("svc", "id", "127.0.0.1", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
    assertThatThrownBy(() -> ServiceInstance.of("svc", " ", "127.0.0.1", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance id");
    assertThatThrownBy(() -> new Member("m", "", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serviceInstanceCopiesTagsAndMetaAndNamesItsMember() {
    ServiceInstance instance = ServiceInstance.of("conduit-history", "h1", "10.0.0.5", 7234)
        .withTags(List.of("cluster-a"))
        .withMeta(Map.of("membershipPort", "6934"));

    assertThat(instance.member()).isEqualTo(new Member("h1", "10.0.0.5", 7234));
    assertThat(instance.member().address()).isEqualTo("10.0.0.5:7234");
    assertThat(instance.tags()).containsExactly("cluster-a");
    assertThat(instance.meta()).containsEntry("membershipPort", "6934");
  }
}
