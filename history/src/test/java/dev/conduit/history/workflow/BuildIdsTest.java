package dev.conduit.history.workflow;

import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkerVersionStamp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The BuildIds search attribute the server keeps from the workers that complete a run's workflow tasks. */
class BuildIdsTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void unversionedKeepsTheLatestBuildAndVersionedBuildsAccumulate() {
    assertThat(BuildIds.next(List.of(), WorkerVersionStamp.getDefaultInstance())).containsExactly("unversioned");
    List<String> first = BuildIds.next(List.of(), stamp("b1", false));
    assertThat(first).containsExactly("unversioned", "unversioned:b1");
    assertThat(BuildIds.next(first, stamp("b2", false))).containsExactly("unversioned", "unversioned:b2");
    List<String> versioned = BuildIds.next(first, stamp("v1", true));
    assertThat(versioned).containsExactly("unversioned", "unversioned:b1", "versioned:v1");
    assertThat(BuildIds.next(versioned, stamp("v1", true))).isEqualTo(versioned);
    assertThat(BuildIds.escape("a:b|c")).isEqualTo("a|:b||c");
  }

  @Test
  void aCompletedWorkflowTaskWritesTheListIntoTheRunsSearchAttributesAndReplayBuildsTheSame() throws Exception {
    WorkflowKey key = env.startWorkflow("build-ids");
    int visibilityBefore = env.visibilityRecords.size();
    env.respondWorkflowTaskCompleted.invoke(HistoryTestEnv.NAMESPACE_ID,
        env.completion(env.pollWorkflowTask(key), startTimer("t", Duration.ofMinutes(1)))
            .setWorkerVersionStamp(stamp("build:7", false)).build());
    env.processTransfers();

    assertThat(buildIds(key)).containsExactly("unversioned", "unversioned:build|:7");
    assertThat(env.visibilityRecords.size()).as("indexed with it").isGreaterThan(visibilityBefore);
    var stored = env.state(key);
    assertThat(ReplayComparison.differences(stored, Replayer.replay(key, env.events(key), List.of()).snapshot()))
        .isEmpty();
  }

  private List<String> buildIds(WorkflowKey key) throws Exception {
    Payload payload = SearchAttributes.parseFrom(env.state(key).getExecutionInfo().getSearchAttributes())
        .getIndexedFieldsOrThrow("BuildIds");
    assertThat(payload.getMetadataOrThrow("type").toStringUtf8()).isEqualTo("KeywordList");
    return List.of(new ObjectMapper().readValue(payload.getData().toByteArray(), String[].class));
  }

  private static WorkerVersionStamp stamp(String buildId, boolean versioned) {
    return WorkerVersionStamp.newBuilder().setBuildId(buildId).setUseVersioning(versioned).build();
  }
}
