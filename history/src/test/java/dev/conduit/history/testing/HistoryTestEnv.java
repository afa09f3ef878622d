package dev.conduit.history.testing;

import dev.conduit.history.HistoryConfig;
import dev.conduit.history.api.activitycontrol.ActivityControl;
import dev.conduit.history.api.resetworkflow.ResetWorkflow;
import dev.conduit.history.api.describeworkflow.DescribeWorkflow;
import dev.conduit.history.api.getworkflowhistory.GetWorkflowHistory;
import dev.conduit.history.api.recordactivitytaskheartbeat.RecordActivityTaskHeartbeat;
import dev.conduit.history.api.recordactivitytaskstarted.RecordActivityTaskStarted;
import dev.conduit.history.api.recordworkflowtaskstarted.RecordWorkflowTaskStarted;
import dev.conduit.history.api.resetstickytaskqueue.ResetStickyTaskQueue;
import dev.conduit.history.api.respondactivitytaskcanceled.RespondActivityTaskCanceled;
import dev.conduit.history.api.respondactivitytaskcompleted.RespondActivityTaskCompleted;
import dev.conduit.history.api.respondactivitytaskfailed.RespondActivityTaskFailed;
import dev.conduit.history.api.respondworkflowtaskcompleted.RespondWorkflowTaskCompleted;
import dev.conduit.history.api.respondworkflowtaskfailed.RespondWorkflowTaskFailed;
import dev.conduit.history.api.queryworkflow.QueryWorkflow;
import dev.conduit.history.api.requestcancelworkflow.RequestCancelWorkflow;
import dev.conduit.history.api.signalwithstart.SignalWithStartWorkflow;
import dev.conduit.history.api.signalworkflow.SignalWorkflow;
import dev.conduit.history.api.startworkflow.StartWorkflow;
import dev.conduit.history.api.terminateworkflow.TerminateWorkflow;
import dev.conduit.history.api.updateworkflow.UpdateWorkflow;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.shard.ShardController;
import dev.conduit.history.visibility.VisibilitySink;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.matching.v1.AddTaskRequest;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A history engine over in-memory stores with a manual clock and no background threads: tests drive
 * the queues with {@link #processTransfers()} / {@link #advance(Duration)} and play matching and the
 * worker with the poll and respond helpers. Long polls and queries waiting for a workflow task time out
 * only when {@link #advance(Duration)} moves the clock past their wait.
 */
public final class HistoryTestEnv implements AutoCloseable {
  public static final String NAMESPACE_ID = "6a1c1a4e-namespace";
  public static final String NAMESPACE = "default";
  public static final long VERSION = 1;
  public static final String TASK_QUEUE = "orders";
  public static final String STICKY_QUEUE = "worker-1-sticky";

  public final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
  public final InMemoryShardStore shardStore = new InMemoryShardStore();
  public final InMemoryExecutionStore store = new InMemoryExecutionStore(shardStore);
  public final RecordingMatchingClient matching = new RecordingMatchingClient();
  public final LocalHistoryPeers peers = new LocalHistoryPeers();
  public final FixedNamespaces namespaces = new FixedNamespaces().add(NAMESPACE_ID, NAMESPACE, VERSION);
  /** The records the visibility tasks published; {@link #visibilityDown} makes every publish fail instead. */
  public final List<VisibilityRecord> visibilityRecords = new CopyOnWriteArrayList<>();
  public volatile boolean visibilityDown;
  public final HistoryConfig config;
  public final ShardController shards;
  /** Times out long polls and waiting queries only when {@link #advance} moves the clock past their deadline. */
  public final ManualScheduler scheduler = new ManualScheduler(clock);

  public final StartWorkflow start;
  public final GetWorkflowHistory history;
  public final DescribeWorkflow describe;
  public final RecordWorkflowTaskStarted recordWorkflowTaskStarted;
  public final RecordActivityTaskStarted recordActivityTaskStarted;
  public final RespondWorkflowTaskCompleted respondWorkflowTaskCompleted;
  public final RespondWorkflowTaskFailed respondWorkflowTaskFailed;
  public final RespondActivityTaskCompleted respondActivityTaskCompleted;
  public final RespondActivityTaskFailed respondActivityTaskFailed;
  public final RespondActivityTaskCanceled respondActivityTaskCanceled;
  public final RecordActivityTaskHeartbeat heartbeat;
  public final ResetStickyTaskQueue resetSticky;
  public final SignalWorkflow signal;
  public final SignalWithStartWorkflow signalWithStart;
  public final RequestCancelWorkflow requestCancel;
  public final TerminateWorkflow terminate;
  public final QueryWorkflow query;
  public final UpdateWorkflow update;
  public final ResetWorkflow reset;
  public final ActivityControl activityControl;

  public HistoryTestEnv() {
    this(HistoryConfig.defaults().withQueueTiming(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO), 4);
  }

  public HistoryTestEnv(HistoryConfig config, int numShards) {
    this(config, numShards, null);
  }

  /** @param pool drives the shards' queues by themselves, as in the server; null leaves them to the test */
  public HistoryTestEnv(HistoryConfig config, int numShards, ScheduledExecutorService pool) {
    this(config, numShards, pool, true);
  }

  /** @param visibilityStore false: a cluster without an advanced visibility store ({@link VisibilitySink#NONE}) */
  public HistoryTestEnv(HistoryConfig config, int numShards, ScheduledExecutorService pool, boolean visibilityStore) {
    this.config = config;
    this.shards = new ShardController(numShards, "host-a", shardStore, store, namespaces, matching, peers,
        visibilityStore ? this::publishVisibility : VisibilitySink.NONE, config, clock, pool);
    peers.wire(shards);
    shards.setOwnedShards(IntStream.range(0, numShards).boxed().collect(Collectors.toSet()));
    start = new StartWorkflow(shards);
    history = new GetWorkflowHistory(shards, scheduler);
    describe = new DescribeWorkflow(shards);
    recordWorkflowTaskStarted = new RecordWorkflowTaskStarted(shards);
    recordActivityTaskStarted = new RecordActivityTaskStarted(shards);
    respondWorkflowTaskCompleted = new RespondWorkflowTaskCompleted(shards);
    respondWorkflowTaskFailed = new RespondWorkflowTaskFailed(shards);
    respondActivityTaskCompleted = new RespondActivityTaskCompleted(shards);
    respondActivityTaskFailed = new RespondActivityTaskFailed(shards);
    respondActivityTaskCanceled = new RespondActivityTaskCanceled(shards);
    heartbeat = new RecordActivityTaskHeartbeat(shards);
    resetSticky = new ResetStickyTaskQueue(shards);
    signal = new SignalWorkflow(shards);
    signalWithStart = new SignalWithStartWorkflow(shards);
    requestCancel = new RequestCancelWorkflow(shards);
    terminate = new TerminateWorkflow(shards);
    query = new QueryWorkflow(shards, scheduler);
    update = new UpdateWorkflow(shards, scheduler);
    reset = new ResetWorkflow(shards);
    activityControl = new ActivityControl(shards);
  }

  private void publishVisibility(VisibilityRecord record) {
    if (visibilityDown) {
      throw new IllegalStateException("visibility topic unreachable");
    }
    visibilityRecords.add(record);
  }

  /** Signals the run (its current run when {@code runId} is empty) as a client would. */
  public void signal(String workflowId, String runId, String name, String input) {
    signal.invoke(NAMESPACE_ID, SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
        .setSignalName(name)
        .setInput(Commands.payload(input))
        .setIdentity("client-1")
        .setRequestId(UUID.randomUUID().toString())
        .build());
  }

  /** Moves every transfer task on, repeatedly, until peers stopped creating new ones. */
  public void settle() {
    for (int i = 0; i < 10; i++) {
      processTransfers();
    }
  }

  /** The current run of a workflow id. */
  public WorkflowKey current(String workflowId) {
    return new WorkflowKey(NAMESPACE_ID, workflowId,
        shards.shardFor(NAMESPACE_ID, workflowId).currentExecution(NAMESPACE_ID, workflowId).orElseThrow().runId());
  }

  public StartWorkflowExecutionRequest.Builder startRequest(String workflowId) {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("OrderWorkflow"))
        .setTaskQueue(TaskQueue.newBuilder().setName(TASK_QUEUE))
        .setInput(Commands.payload("input"))
        .setIdentity("client-1")
        .setRequestId(UUID.randomUUID().toString());
  }

  /** Starts a workflow and hands its first workflow task to (recording) matching. */
  public WorkflowKey startWorkflow(String workflowId) {
    return startWorkflow(startRequest(workflowId));
  }

  public WorkflowKey startWorkflow(StartWorkflowExecutionRequest.Builder request) {
    String runId = start.invoke(NAMESPACE_ID, request.build()).getRunId();
    processTransfers();
    return new WorkflowKey(NAMESPACE_ID, request.getWorkflowId(), runId);
  }

  public ShardContext shard(WorkflowKey key) {
    return shards.shardFor(key.namespaceId(), key.workflowId());
  }

  public void processTransfers() {
    for (int id : shards.ownedShards()) {
      shards.shard(id).transferQueue().processOnce();
    }
  }

  public void processTimers() {
    for (int id : shards.ownedShards()) {
      shards.shard(id).timerQueue().processOnce();
    }
  }

  /** Moves time, fires what came due (timers, long-poll timeouts) and dispatches what that scheduled. */
  public void advance(Duration duration) {
    clock.advance(duration);
    scheduler.runDue();
    processTimers();
    processTransfers();
  }

  /** The last workflow task matching got for the run. */
  public AddTaskRequest lastWorkflowDispatch(WorkflowKey key) {
    List<AddTaskRequest> tasks = matching.workflowTasks().stream()
        .filter(t -> t.getRunId().equals(key.runId())).toList();
    if (tasks.isEmpty()) {
      throw new AssertionError("no workflow task was dispatched for " + key);
    }
    return tasks.get(tasks.size() - 1);
  }

  public AddTaskRequest lastActivityDispatch(WorkflowKey key) {
    List<AddTaskRequest> tasks = matching.activityTasks().stream()
        .filter(t -> t.getRunId().equals(key.runId())).toList();
    if (tasks.isEmpty()) {
      throw new AssertionError("no activity task was dispatched for " + key);
    }
    return tasks.get(tasks.size() - 1);
  }

  /** A worker polls the queue the last dispatch went to and takes that task. */
  public PollWorkflowTaskQueueResponse pollWorkflowTask(WorkflowKey key) {
    AddTaskRequest dispatch = lastWorkflowDispatch(key);
    TaskQueue queue = dispatch.getTaskQueue().getSticky()
        ? TaskQueue.newBuilder().setName(dispatch.getTaskQueue().getName()).setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
            .setNormalName(TASK_QUEUE).build()
        : TaskQueue.newBuilder().setName(dispatch.getTaskQueue().getName()).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
            .build();
    return recordWorkflowTaskStarted.invoke(workflowTaskStarted(key, dispatch.getScheduledEventId(),
        UUID.randomUUID().toString(), queue));
  }

  /**
   * A worker takes the run's scheduled workflow task through its normal queue without the transfer queue running
   * (the task's dispatch, and whatever else waits there, has not run yet).
   */
  public PollWorkflowTaskQueueResponse takeScheduledWorkflowTask(WorkflowKey key) {
    return recordWorkflowTaskStarted.invoke(workflowTaskStarted(key, state(key).getWorkflowTask().getScheduledEventId(),
        UUID.randomUUID().toString(),
        TaskQueue.newBuilder().setName(TASK_QUEUE).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL).build()));
  }

  public RecordWorkflowTaskStartedRequest workflowTaskStarted(WorkflowKey key, long scheduledEventId, String requestId,
      TaskQueue queue) {
    return RecordWorkflowTaskStartedRequest.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(scheduledEventId)
        .setRequestId(requestId)
        .setPollRequest(PollWorkflowTaskQueueRequest.newBuilder()
            .setNamespace(NAMESPACE).setTaskQueue(queue).setIdentity("worker-1").build().toByteString())
        .build();
  }

  public PollActivityTaskQueueResponse pollActivityTask(WorkflowKey key) {
    AddTaskRequest dispatch = lastActivityDispatch(key);
    return recordActivityTaskStarted.invoke(activityTaskStarted(key, dispatch.getScheduledEventId(),
        UUID.randomUUID().toString()));
  }

  public RecordActivityTaskStartedRequest activityTaskStarted(WorkflowKey key, long scheduledEventId, String requestId) {
    return RecordActivityTaskStartedRequest.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(scheduledEventId)
        .setRequestId(requestId)
        .setPollRequest(PollActivityTaskQueueRequest.newBuilder()
            .setNamespace(NAMESPACE)
            .setTaskQueue(TaskQueue.newBuilder().setName("activities"))
            .setIdentity("worker-1").build().toByteString())
        .build();
  }

  public RespondWorkflowTaskCompletedRequest.Builder completion(PollWorkflowTaskQueueResponse task, Command... commands) {
    return RespondWorkflowTaskCompletedRequest.newBuilder()
        .setTaskToken(task.getTaskToken())
        .setIdentity("worker-1")
        .setNamespace(NAMESPACE)
        .addAllCommands(List.of(commands));
  }

  /** Completes without stickiness, then dispatches whatever the completion scheduled. */
  public void completeWorkflowTask(PollWorkflowTaskQueueResponse task, Command... commands) {
    respondWorkflowTaskCompleted.invoke(NAMESPACE_ID, completion(task, commands).build());
    processTransfers();
  }

  /** Completes asking for the worker's sticky queue, as the SDK does. */
  public void completeWorkflowTaskSticky(PollWorkflowTaskQueueResponse task, Command... commands) {
    respondWorkflowTaskCompleted.invoke(NAMESPACE_ID, completion(task, commands)
        .setStickyAttributes(StickyExecutionAttributes.newBuilder()
            .setWorkerTaskQueue(TaskQueue.newBuilder().setName(STICKY_QUEUE).setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
                .setNormalName(TASK_QUEUE))
            .setScheduleToStartTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5)))
        .build());
    processTransfers();
  }

  public void completeActivity(PollActivityTaskQueueResponse task, String result) {
    respondActivityTaskCompleted.invoke(NAMESPACE_ID, RespondActivityTaskCompletedRequest.newBuilder()
        .setTaskToken(task.getTaskToken()).setResult(Commands.payload(result)).setIdentity("worker-1").build());
    processTransfers();
  }

  /** The run's whole committed history, paged through GetWorkflowExecutionHistory. */
  public List<HistoryEvent> events(WorkflowKey key) {
    List<HistoryEvent> events = new ArrayList<>();
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page = history.invoke(NAMESPACE_ID, GetWorkflowExecutionHistoryRequest.newBuilder()
          .setNamespace(NAMESPACE)
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
          .setNextPageToken(token)
          .build(), null).join();
      events.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return events;
  }

  public List<EventType> eventTypes(WorkflowKey key) {
    return events(key).stream().map(HistoryEvent::getEventType).toList();
  }

  public MutableStateRecord state(WorkflowKey key) {
    return shard(key).read(key);
  }

  /** How the run's stored state differs from its history (and buffered events) replayed; empty when it does not. */
  public List<String> replayDifferences(WorkflowKey key) {
    MutableStateRecord stored = state(key);
    List<HistoryEvent> buffered = stored.getBufferedEventsList().stream()
        .map(dev.conduit.history.workflow.Events::decode).toList();
    return dev.conduit.history.workflow.ReplayComparison.differences(stored,
        dev.conduit.history.workflow.Replayer.replay(key, events(key), buffered).snapshot());
  }

  public Set<Integer> ownedShards() {
    return shards.ownedShards();
  }

  @Override
  public void close() {
    shards.close();
    scheduler.shutdownNow();
  }
}
