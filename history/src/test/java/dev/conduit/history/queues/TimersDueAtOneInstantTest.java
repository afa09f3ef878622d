package dev.conduit.history.queues;

import static dev.conduit.history.testing.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.TimerTaskRecord;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer queue reads due timers a page at a time. When more timers than a page are due at one instant (a workflow
 * that fans out many activities with one timeout does this), each read goes on after the last timer the one before
 * it got; a read that started again at that instant would get the same first page forever, and no timer of the shard
 * due at or after that instant would fire again.
 */
class TimersDueAtOneInstantTest {
  private static final int PAGE = 3;
  private final HistoryTestEnv env = new HistoryTestEnv(HistoryConfig.defaults().withQueueBatchSize(PAGE), 1);

  @AfterEach
  void close() {
    env.close();
  }

  private long fired(WorkflowKey key) {
    return env.eventTypes(key).stream().filter(type -> type == EventType.EVENT_TYPE_TIMER_FIRED).count();
  }

  @Test
  void moreTimersDueAtOneInstantThanAPageAllFireAndSoDoTheTimersDueAfterThem() {
    WorkflowKey key = env.startWorkflow("timers-at-one-instant");
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < 3 * PAGE + 1; i++) {
      commands.add(startTimer("same-" + i, Duration.ofMinutes(1)));
    }
    commands.add(startTimer("later", Duration.ofMinutes(2)));
    env.completeWorkflowTask(env.pollWorkflowTask(key), commands.toArray(Command[]::new));

    Map<Instant, Long> storedByFireTime = env.store.timerTasks(0).stream()
        .collect(Collectors.groupingBy(TimerTaskRecord::fireTime, Collectors.counting()));
    assertThat(storedByFireTime.values()).as("timers of the shard per fire time").contains(3L * PAGE + 1);

    env.advance(Duration.ofMinutes(1));
    assertThat(fired(key)).as("timers due at the one instant that fired").isEqualTo(3 * PAGE + 1);

    env.advance(Duration.ofMinutes(1));
    assertThat(fired(key)).as("and the one due after them").isEqualTo(3 * PAGE + 2);
    assertThat(env.state(key).getTimersMap()).isEmpty();
  }
}
