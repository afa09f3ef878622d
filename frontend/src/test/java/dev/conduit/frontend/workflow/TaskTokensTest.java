package dev.conduit.frontend.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;
import org.junit.jupiter.api.Test;

class TaskTokensTest {
  private static final TaskToken ACTIVITY = TaskToken.newBuilder().setNamespaceId("ns").setWorkflowId("w")
      .setRunId("r").setScheduledEventId(5).setActivityId("a").setKind(TaskKind.TASK_KIND_ACTIVITY).build();

  @Test
  void aCompleteTokenOfTheRightKindDecodes() {
    assertThat(TaskTokens.decode(ACTIVITY.toByteString(), TaskKind.TASK_KIND_ACTIVITY)).isEqualTo(ACTIVITY);
  }

  @Test
  void garbageAndIncompleteTokensAreInvalid() {
    for (ByteString bad : new ByteString[] {
        ByteString.copyFrom(new byte[] {0x0f, 0x01, 0x02}),
        ACTIVITY.toBuilder().clearRunId().build().toByteString(),
        ACTIVITY.toBuilder().clearNamespaceId().build().toByteString(),
        ACTIVITY.toBuilder().clearKind().build().toByteString()}) {
      assertThatThrownBy(() -> TaskTokens.decode(bad, TaskKind.TASK_KIND_ACTIVITY))
          .isInstanceOf(InvalidArgumentException.class).hasMessage("task_token: invalid task token");
    }
  }

  @Test
  void aQueryTokenNeedsItsQueryIdAndTaskQueueButNoRun() {
    TaskToken query = TaskToken.newBuilder().setNamespaceId("ns").setKind(TaskKind.TASK_KIND_QUERY).setQueryId("q-1")
        .setTaskQueue("orders").build();
    assertThat(TaskTokens.decode(query.toByteString(), TaskKind.TASK_KIND_QUERY)).isEqualTo(query);
    for (TaskToken incomplete : new TaskToken[] {query.toBuilder().clearQueryId().build(),
        query.toBuilder().clearTaskQueue().build(), query.toBuilder().clearNamespaceId().build()}) {
      assertThatThrownBy(() -> TaskTokens.decode(incomplete.toByteString(), TaskKind.TASK_KIND_QUERY))
          .hasMessage("task_token: invalid task token");
    }
    assertThatThrownBy(() -> TaskTokens.decode(ACTIVITY.toByteString(), TaskKind.TASK_KIND_QUERY))
        .hasMessage("task_token: invalid task token: this call takes a query task token, not a activity task one");
  }

  @Test
  void aTokenOfTheOtherKindIsInvalid() {
    assertThatThrownBy(() -> TaskTokens.decode(ACTIVITY.toByteString(), TaskKind.TASK_KIND_WORKFLOW))
        .hasMessageStartingWith("task_token: invalid task token: this call takes a workflow task token");
  }
}
