package dev.conduit.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void aParkedTaskGoesBackToTheTopicAndPartitionItsOriginNames() {
    assertThat(DeadLetters.Origin.of("conduit-e2e-7-standby-from-active-3@1234"))
        .contains(new DeadLetters.Origin("conduit-e2e-7-standby-from-active", 3));
    assertThat(DeadLetters.Origin.of("visibility-0@0")).contains(new DeadLetters.Origin("visibility", 0));
  }

  @Test
  void anOriginThatNamesNoTopicAndPartitionIsNone() {
    assertThat(DeadLetters.Origin.of("")).isEmpty();
    assertThat(DeadLetters.Origin.of("standby@12")).isEmpty();
    assertThat(DeadLetters.Origin.of("standby-x@12")).isEmpty();
    assertThat(DeadLetters.Origin.of("-3@12")).isEmpty();
  }
}
