package dev.conduit.history.api;

import static dev.conduit.history.testing.Commands.completeWorkflow;
import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Invariant 3: events carry the namespace's failover version at write time; the version history follows. */
class FailoverVersionTest {
  private final HistoryTestEnv env = new HistoryTestEnv();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void eventsWrittenAfterAFailoverCarryTheNewVersionInANewSegment() {
    WorkflowKey key = env.startWorkflow("v-1");
    env.completeWorkflowTask(env.pollWorkflowTask(key), startTimer("t1", Duration.ofSeconds(1)));
    int before = env.events(key).size();

    env.namespaces.setFailoverVersion(HistoryTestEnv.NAMESPACE_ID, 11);
    env.advance(Duration.ofSeconds(1));
    env.completeWorkflowTask(env.pollWorkflowTask(key), completeWorkflow("done"));

    List<HistoryEvent> events = env.events(key);
    assertThat(events.subList(0, before)).extracting(HistoryEvent::getVersion).containsOnly(HistoryTestEnv.VERSION);
    assertThat(events.subList(before, events.size())).extracting(HistoryEvent::getVersion).containsOnly(11L);
    assertThat(VersionHistories.current(env.state(key).getVersionHistories()).getItemsList()).containsExactly(
        VersionHistoryItem.newBuilder().setEventId(before).setVersion(HistoryTestEnv.VERSION).build(),
        VersionHistoryItem.newBuilder().setEventId(events.size()).setVersion(11).build());
    assertThat(env.state(key).getLastWriteVersion()).isEqualTo(11);
    assertThat(env.store.getCurrentExecution(0, key.namespaceId(), key.workflowId()).orElseThrow().lastWriteVersion())
        .isEqualTo(11);
  }
}
