package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Priority;
import org.junit.jupiter.api.Test;

class PrioritiesTest {
  private static final Priority WORKFLOW =
      Priority.newBuilder().setPriorityKey(5).setFairnessKey("tenant-123").setFairnessWeight(2.5f).build();

  @Test
  void anActivityWithoutItsOwnRunsWithTheWorkflowsPriority() {
    assertThat(Priorities.merge(WORKFLOW, Priority.getDefaultInstance())).isEqualTo(WORKFLOW);
  }

  @Test
  void eachFieldTheActivitySetsTakesThePlaceOfTheWorkflows() {
    Priority own = Priority.newBuilder().setPriorityKey(3).setFairnessKey("override").build();

    assertThat(Priorities.merge(WORKFLOW, own))
        .isEqualTo(Priority.newBuilder().setPriorityKey(3).setFairnessKey("override").setFairnessWeight(2.5f).build());
  }
}
