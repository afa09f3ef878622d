package dev.conduit.history.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.errors.HistoryServiceException;
import dev.conduit.history.testing.Commands;
import dev.conduit.history.testing.HistoryTestEnv;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Generated histories: seeded random valid sequences of worker and client calls (activities with retries
 * and heartbeats, timers, signals, children, signals to and cancellations of them, cancellation,
 * continue-as-new, termination) go through the
 * real API classes; after every step each run's stored history is replayed and must rebuild its stored
 * mutable state, but for the fields {@link ReplayComparison#UNDERIVABLE} lists.
 */
class GeneratedHistoriesReplayTest {
  private static final int SEQUENCES = 200;
  private static final int STEPS = 30;

  /** What the sequences went through, so the test shows it covers what it claims. */
  private final Set<EventType> seenEvents = EnumSet.noneOf(EventType.class);
  private int retriedActivityCloses;
  private int checksWithBufferedEvents;
  private int checksWithTransientTask;

  @Test
  void everyGeneratedHistoryReplaysToTheStoredState() {
    for (long seed = 1; seed <= SEQUENCES; seed++) {
      try {
        new Sequence(seed).run();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("generated sequence failed, seed " + seed + ": " + e.getMessage(), e);
      }
    }
    assertThat(seenEvents).contains(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, EventType.EVENT_TYPE_TIMER_FIRED,
        EventType.EVENT_TYPE_TIMER_CANCELED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
        EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(retriedActivityCloses).as("activities closed after retries").isPositive();
    assertThat(checksWithBufferedEvents).as("states compared while events were buffered").isPositive();
    assertThat(checksWithTransientTask).as("states compared with a transient workflow task").isPositive();
  }

  /** One sequence over its own in-memory history service. */
  private final class Sequence {
    private final long seed;
    private final Random random;
    private final HistoryTestEnv env = new HistoryTestEnv();
    private final Set<String> workflowIds = new LinkedHashSet<>();
    private final Set<WorkflowKey> runs = new LinkedHashSet<>();
    private final Map<String, PollWorkflowTaskQueueResponse> startedTasks = new HashMap<>();
    private final Map<String, PollActivityTaskQueueResponse> startedActivities = new HashMap<>();
    private int counter;

    Sequence(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    void run() {
      try {
        String root = "gen-" + seed;
        var request = env.startRequest(root);
        if (random.nextBoolean()) {
          request.setRetryPolicy(Commands.retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 3));
        }
        env.startWorkflow(request);
        workflowIds.add(root);
        for (int step = 0; step < STEPS; step++) {
          String action = step(current(root));
          refreshRuns();
          for (WorkflowKey key : runs) {
            check(key, step, action);
          }
        }
      } finally {
        env.close();
      }
    }

    /** The current run of a workflow id, or null when (a child) is not started yet. */
    private WorkflowKey current(String workflowId) {
      try {
        return env.current(workflowId);
      } catch (java.util.NoSuchElementException e) {
        return null;
      }
    }

    private void refreshRuns() {
      for (String id : workflowIds) {
        WorkflowKey key = current(id);
        if (key != null) {
          runs.add(key);
        }
      }
    }

    private void check(WorkflowKey key, int step, String action) {
      MutableStateRecord stored = env.state(key);
      List<HistoryEvent> history = env.events(key);
      List<HistoryEvent> buffered = stored.getBufferedEventsList().stream().map(Events::decode).toList();
      MutableStateRecord replayed = Replayer.replay(key, history, buffered).snapshot();
      history.forEach(e -> seenEvents.add(e.getEventType()));
      retriedActivityCloses += (int) history.stream().filter(e -> e.hasActivityTaskStartedEventAttributes()
          && e.getActivityTaskStartedEventAttributes().getAttempt() > 1).count();
      checksWithBufferedEvents += buffered.isEmpty() ? 0 : 1;
      checksWithTransientTask += stored.hasWorkflowTask() && stored.getWorkflowTask().getTransient() ? 1 : 0;
      assertThat(ReplayComparison.differences(stored, replayed))
          .as("seed %d, step %d (%s), run %s", seed, step, action, key.workflowId())
          .isEmpty();
    }

    /** One random call on a random open run; returns what it did, for the failure message. */
    private String step(WorkflowKey rootKey) {
      List<WorkflowKey> open = new ArrayList<>();
      for (String id : workflowIds) {
        WorkflowKey key = current(id);
        if (key != null && env.state(key).getState() != dev.conduit.persistence.execution.ExecutionState.COMPLETED.code()) {
          open.add(key);
        }
      }
      if (open.isEmpty()) {
        env.advance(Duration.ofSeconds(1));
        return "advance (all closed)";
      }
      WorkflowKey key = open.get(random.nextInt(open.size()));
      int choice = random.nextInt(100);
      try {
        if (choice < 35) {
          return workflowTaskStep(key);
        } else if (choice < 65) {
          return activityStep(key);
        } else if (choice < 72) {
          env.signal(key.workflowId(), "", "sig", "s" + counter++);
          return "signal";
        } else if (choice < 75) {
          env.requestCancel.invoke(HistoryTestEnv.NAMESPACE_ID, RequestCancelWorkflowExecutionRequest.newBuilder()
              .setNamespace(HistoryTestEnv.NAMESPACE)
              .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
              .setIdentity("client-1").setRequestId(UUID.randomUUID().toString()).build());
          return "request cancel";
        } else if (choice < 76) {
          env.terminate.invoke(HistoryTestEnv.NAMESPACE_ID, TerminateWorkflowExecutionRequest.newBuilder()
              .setNamespace(HistoryTestEnv.NAMESPACE)
              .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()))
              .setReason("generated").build());
          return "terminate";
        }
        Duration by = Duration.ofMillis(200 + random.nextInt(15_000));
        env.advance(by);
        return "advance " + by;
      } catch (HistoryServiceException e) {
        env.processTransfers();
        return "rejected: " + e.getClass().getSimpleName();
      }
    }

    private String workflowTaskStep(WorkflowKey key) {
      MutableStateRecord state = env.state(key);
      if (!state.hasWorkflowTask()) {
        return "no workflow task";
      }
      WorkflowTaskInfo task = state.getWorkflowTask();
      if (task.getStartedEventId() == 0) {
        TaskQueue queue = TaskQueue.newBuilder().setName(task.getTaskQueue()).setKind(task.getSticky()
            ? TaskQueueKind.TASK_QUEUE_KIND_STICKY : TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build();
        startedTasks.put(key.runId(), env.recordWorkflowTaskStarted.invoke(env.workflowTaskStarted(key,
            task.getScheduledEventId(), UUID.randomUUID().toString(), queue)));
        return "start workflow task";
      }
      PollWorkflowTaskQueueResponse started = startedTasks.get(key.runId());
      if (started == null) {
        return "started task unknown";
      }
      if (random.nextInt(10) == 0) {
        env.respondWorkflowTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondWorkflowTaskFailedRequest.newBuilder()
            .setTaskToken(started.getTaskToken()).setIdentity("worker-1").build());
        env.processTransfers();
        return "fail workflow task";
      }
      List<Command> commands = commands(state);
      if (random.nextBoolean()) {
        env.completeWorkflowTaskSticky(started, commands.toArray(Command[]::new));
      } else {
        env.completeWorkflowTask(started, commands.toArray(Command[]::new));
      }
      env.settle();
      return "complete workflow task " + commands.stream().map(Command::getCommandType).toList();
    }

    private List<Command> commands(MutableStateRecord state) {
      List<Command> commands = new ArrayList<>();
      int count = random.nextInt(4);
      for (int i = 0; i < count; i++) {
        int c = random.nextInt(100);
        if (c < 40) {
          var attributes = Commands.activity("act-" + counter++)
              .setRetryPolicy(Commands.retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), 1 + random.nextInt(3)));
          if (random.nextBoolean()) {
            attributes.setHeartbeatTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5));
          }
          commands.add(Commands.scheduleActivity(attributes));
        } else if (c < 65) {
          commands.add(Commands.startTimer("timer-" + counter++, Duration.ofSeconds(1 + random.nextInt(20))));
        } else if (c < 72 && state.getTimersCount() > 0) {
          commands.add(Commands.cancelTimer(pick(new ArrayList<>(state.getTimersMap().keySet()))));
        } else if (c < 80 && state.getActivitiesCount() > 0) {
          commands.add(Commands.requestCancelActivity(pick(new ArrayList<>(state.getActivitiesMap().keySet()))));
        } else if (c < 87) {
          String child = "child-" + seed + "-" + counter++;
          workflowIds.add(child);
          commands.add(Commands.startChild(child));
        } else if (c < 90) {
          commands.add(Commands.recordMarker("m"));
        } else if (c < 95 && !state.getChildExecutionsMap().isEmpty()) {
          String child = pick(new ArrayList<>(state.getChildExecutionsMap().values())).getWorkflowId();
          commands.add(Commands.signalExternal(child, "from-parent", random.nextBoolean()));
        } else if (c < 98 && !state.getChildExecutionsMap().isEmpty()) {
          String child = pick(new ArrayList<>(state.getChildExecutionsMap().values())).getWorkflowId();
          commands.add(Commands.requestCancelExternal(child, random.nextBoolean()));
        }
      }
      int close = random.nextInt(100);
      if (close < 8) {
        commands.add(Commands.completeWorkflow("done"));
      } else if (close < 12) {
        commands.add(Commands.failWorkflow("boom"));
      } else if (close < 15) {
        commands.add(Commands.continueAsNew("again"));
      } else if (close < 20 && state.getCancelRequested()) {
        commands.add(Commands.cancelWorkflow());
      }
      return commands;
    }

    private String activityStep(WorkflowKey key) {
      MutableStateRecord state = env.state(key);
      if (state.getActivitiesCount() == 0) {
        return "no activity";
      }
      ActivityInfo activity = pick(new ArrayList<>(state.getActivitiesMap().values()));
      String ref = key.runId() + "/" + activity.getScheduledEventId();
      if (!activity.hasStartedTime()) {
        startedActivities.put(ref, env.recordActivityTaskStarted.invoke(env.activityTaskStarted(key,
            activity.getScheduledEventId(), UUID.randomUUID().toString())));
        return "start activity";
      }
      PollActivityTaskQueueResponse task = startedActivities.get(ref);
      if (task == null) {
        return "started activity unknown";
      }
      int c = random.nextInt(100);
      if (activity.getCancelRequested() && c < 50) {
        env.respondActivityTaskCanceled.invoke(HistoryTestEnv.NAMESPACE_ID, RespondActivityTaskCanceledRequest
            .newBuilder().setTaskToken(task.getTaskToken()).setIdentity("worker-1").build());
        env.processTransfers();
        return "activity canceled";
      } else if (c < 35) {
        env.heartbeat.invoke(HistoryTestEnv.NAMESPACE_ID, RecordActivityTaskHeartbeatRequest.newBuilder()
            .setTaskToken(task.getTaskToken()).setDetails(Commands.payload("hb")).build());
        return "heartbeat";
      } else if (c < 70) {
        env.completeActivity(task, "ok");
        return "complete activity";
      }
      env.respondActivityTaskFailed.invoke(HistoryTestEnv.NAMESPACE_ID, RespondActivityTaskFailedRequest.newBuilder()
          .setTaskToken(task.getTaskToken())
          .setFailure(Commands.applicationFailure("bad", "Err", random.nextInt(4) == 0))
          .setIdentity("worker-1").build());
      env.processTransfers();
      return "fail activity";
    }

    private <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }
  }
}
