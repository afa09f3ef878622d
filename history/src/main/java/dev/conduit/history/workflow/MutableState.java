package dev.conduit.history.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.persistence.execution.ExecutionState;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.persistence.history.HistoryBranchTokens;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.ExternalRequestInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.SuccessorRun;
import dev.conduit.proto.persistence.v1.TimerInfo;
import dev.conduit.proto.persistence.v1.UpdateInfo;
import dev.conduit.proto.persistence.v1.VersionHistory;
import dev.conduit.proto.persistence.v1.WorkflowTaskInfo;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's mutable state: execution info, pending activities, timers, children, external requests and
 * workflow task, the version history and the next event id. A working copy over the persisted {@link MutableStateRecord}; the
 * apply functions of {@link MutableStateApplier} change it for each event (deciding code only for the state no event
 * carries), {@link WorkflowTransaction} commits it with the events and tasks of the change.
 */
public final class MutableState {
  private final MutableStateRecord.Builder record;
  private Map<String, Long> activityIdIndex;

  private MutableState(MutableStateRecord.Builder record) {
    this.record = record;
  }

  public static MutableState copyOf(MutableStateRecord record) {
    return new MutableState(record.toBuilder());
  }

  public static MutableState decode(byte[] blob) {
    try {
      return copyOf(MutableStateRecord.parseFrom(blob));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt mutable state blob", e);
    }
  }

  /**
   * A new run's empty state: event ids start at 1, nothing pending, and its history is the root branch of
   * a new history tree named after the run.
   */
  public static MutableState newRun(ExecutionInfo info) {
    MutableStateRecord.Builder record = MutableStateRecord.newBuilder()
        .setExecutionInfo(info)
        .setVersionHistories(VersionHistories.newRun(HistoryBranchTokens.newRoot(info.getRunId())))
        .setState(ExecutionState.CREATED.code())
        .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE)
        .setNextEventId(1);
    return new MutableState(record);
  }

  /**
   * The empty start of a run rebuilt on a fork of its history: the run's identity, its version histories with one
   * more, empty, on branch {@code forkToken}, made current; the events up to the fork point are replayed onto it.
   */
  public static MutableState forkedFrom(MutableStateRecord base, byte[] forkToken) {
    ExecutionInfo identity = ExecutionInfo.newBuilder()
        .setNamespaceId(base.getExecutionInfo().getNamespaceId())
        .setWorkflowId(base.getExecutionInfo().getWorkflowId())
        .setRunId(base.getExecutionInfo().getRunId())
        .build();
    dev.conduit.proto.persistence.v1.VersionHistories.Builder histories = base.getVersionHistories().toBuilder();
    int fork = VersionHistories.add(histories,
        VersionHistory.newBuilder().setBranchToken(com.google.protobuf.ByteString.copyFrom(forkToken)).build());
    histories.setCurrentIndex(fork);
    return new MutableState(MutableStateRecord.newBuilder()
        .setExecutionInfo(identity)
        .setVersionHistories(histories)
        .setState(ExecutionState.CREATED.code())
        .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE)
        .setNextEventId(1));
  }

  public MutableStateRecord snapshot() {
    return record.build();
  }

  // ---- execution ----

  public ExecutionInfo info() {
    return record.getExecutionInfo();
  }

  public ExecutionInfo.Builder infoBuilder() {
    return record.getExecutionInfoBuilder();
  }

  public WorkflowKey key() {
    ExecutionInfo info = record.getExecutionInfo();
    return new WorkflowKey(info.getNamespaceId(), info.getWorkflowId(), info.getRunId());
  }

  public ExecutionState state() {
    return ExecutionState.ofCode(record.getState());
  }

  public void setState(ExecutionState state) {
    record.setState(state.code());
  }

  public boolean isRunning() {
    return state().isOpen();
  }

  public WorkflowExecutionStatus status() {
    return WorkflowExecutionStatus.forNumber(record.getStatus());
  }

  public void setStatus(WorkflowExecutionStatus status) {
    record.setStatus(status.getNumber());
  }

  public long nextEventId() {
    return record.getNextEventId();
  }

  public long lastCompletedWorkflowTaskStartedEventId() {
    return record.getLastCompletedWorkflowTaskStartedEventId();
  }

  public void setLastCompletedWorkflowTaskStartedEventId(long eventId) {
    record.setLastCompletedWorkflowTaskStartedEventId(eventId);
  }

  /** The current version history: the items and branch of the history new events are appended to. */
  public VersionHistory versionHistory() {
    return VersionHistories.current(record.getVersionHistories());
  }

  /** The token of the current history branch, which reads and appends of this run use. */
  /**
   * Puts a new run's history on branch {@code branchToken} instead of its own root (a reset's fork of another run's
   * history); only before the run is first written.
   */
  public void moveToBranch(byte[] branchToken) {
    int current = record.getVersionHistories().getCurrentIndex();
    record.getVersionHistoriesBuilder().getHistoriesBuilder(current)
        .setBranchToken(com.google.protobuf.ByteString.copyFrom(branchToken));
  }

  public byte[] branchToken() {
    return versionHistory().getBranchToken().toByteArray();
  }

  public long lastWriteVersion() {
    return record.getLastWriteVersion();
  }

  /** How many changes have been written to the run: any write moves it, a buffered signal's included. */
  public long stateTransitionCount() {
    return record.getStateTransitionCount();
  }

  public void incrementStateTransitions() {
    record.setStateTransitionCount(record.getStateTransitionCount() + 1);
  }

  /**
   * Gives the event the next event id and records its version in the version history; every event
   * goes through here, which keeps ids contiguous (invariant 3).
   */
  HistoryEvent assignEventId(HistoryEvent.Builder event) {
    event.setEventId(record.getNextEventId());
    HistoryEvent built = event.build();
    recordEvent(built);
    return built;
  }

  /** Counts an event with its id into the next event id, version history and history size. */
  void recordEvent(HistoryEvent event) {
    long eventId = record.getNextEventId();
    if (event.getEventId() != eventId) {
      throw new IllegalStateException("event id " + event.getEventId() + " where " + eventId + " is next");
    }
    int current = record.getVersionHistories().getCurrentIndex();
    VersionHistories.append(record.getVersionHistoriesBuilder().getHistoriesBuilder(current), eventId, event.getVersion());
    record.setNextEventId(eventId + 1);
    record.setLastWriteVersion(event.getVersion());
    record.setHistorySizeBytes(record.getHistorySizeBytes() + event.getSerializedSize());
  }

  /** Encoded size of the committed events (and of those this change appended). */
  public long historySizeBytes() {
    return record.getHistorySizeBytes();
  }

  /** How many events the run has. */
  public long historyLength() {
    return record.getNextEventId() - 1;
  }

  public boolean historySizeWarned() {
    return record.getHistorySizeWarned();
  }

  public void setHistorySizeWarned() {
    record.setHistorySizeWarned(true);
  }

  // ---- workflow task ----

  /** The scheduled or started workflow task, or null when there is none. */
  public WorkflowTaskInfo workflowTask() {
    return record.hasWorkflowTask() ? record.getWorkflowTask() : null;
  }

  void setWorkflowTask(WorkflowTaskInfo task) {
    record.setWorkflowTask(task);
  }

  void clearWorkflowTask() {
    record.clearWorkflowTask();
  }

  // ---- activities ----

  public ActivityInfo activity(long scheduledEventId) {
    return record.getActivitiesOrDefault(scheduledEventId, null);
  }

  public ActivityInfo activityById(String activityId) {
    if (activityIdIndex == null) {
      activityIdIndex = new HashMap<>();
      record.getActivitiesMap().forEach((id, info) -> activityIdIndex.put(info.getActivityId(), id));
    }
    Long scheduledEventId = activityIdIndex.get(activityId);
    return scheduledEventId == null ? null : activity(scheduledEventId);
  }

  public Collection<ActivityInfo> activities() {
    return record.getActivitiesMap().values();
  }

  void putActivity(ActivityInfo info) {
    record.putActivities(info.getScheduledEventId(), info);
    activityIdIndex = null;
  }

  void removeActivity(long scheduledEventId) {
    record.removeActivities(scheduledEventId);
    activityIdIndex = null;
  }

  // ---- timers ----

  public TimerInfo timer(String timerId) {
    return record.getTimersOrDefault(timerId, null);
  }

  public Collection<TimerInfo> timers() {
    return record.getTimersMap().values();
  }

  void putTimer(TimerInfo timer) {
    record.putTimers(timer.getTimerId(), timer);
  }

  void removeTimer(String timerId) {
    record.removeTimers(timerId);
  }

  // ---- child workflows ----

  public ChildExecutionInfo child(long initiatedEventId) {
    return record.getChildExecutionsOrDefault(initiatedEventId, null);
  }

  public Collection<ChildExecutionInfo> children() {
    return record.getChildExecutionsMap().values();
  }

  void putChild(ChildExecutionInfo child) {
    record.putChildExecutions(child.getInitiatedEventId(), child);
  }

  void removeChild(long initiatedEventId) {
    record.removeChildExecutions(initiatedEventId);
  }

  // ---- external signals and cancels ----

  public ExternalRequestInfo externalSignal(long initiatedEventId) {
    return record.getExternalSignalsOrDefault(initiatedEventId, null);
  }

  public int pendingExternalSignals() {
    return record.getExternalSignalsCount();
  }

  public Collection<ExternalRequestInfo> externalSignals() {
    return record.getExternalSignalsMap().values();
  }

  void putExternalSignal(ExternalRequestInfo info) {
    record.putExternalSignals(info.getInitiatedEventId(), info);
  }

  void removeExternalSignal(long initiatedEventId) {
    record.removeExternalSignals(initiatedEventId);
  }

  public ExternalRequestInfo externalCancel(long initiatedEventId) {
    return record.getExternalCancelsOrDefault(initiatedEventId, null);
  }

  public int pendingExternalCancels() {
    return record.getExternalCancelsCount();
  }

  public Collection<ExternalRequestInfo> externalCancels() {
    return record.getExternalCancelsMap().values();
  }

  void putExternalCancel(ExternalRequestInfo info) {
    record.putExternalCancels(info.getInitiatedEventId(), info);
  }

  void removeExternalCancel(long initiatedEventId) {
    record.removeExternalCancels(initiatedEventId);
  }

  // ---- workflow updates accepted ----

  /** The accepted update {@code updateId}, or null when the run never accepted it. */
  public UpdateInfo update(String updateId) {
    UpdateInfo info = record.getUpdatesOrDefault(updateId, null);
    return info == null || info.getAcceptedEventId() == 0 ? null : info;
  }

  /** Whether the run knows update {@code updateId} durably: admitted by an event, accepted or completed. */
  public boolean knowsUpdate(String updateId) {
    return record.containsUpdates(updateId);
  }

  /** The event id of the update's WorkflowExecutionUpdateAdmitted when it was admitted durably and not accepted; else 0. */
  public long durablyAdmitted(String updateId) {
    UpdateInfo info = record.getUpdatesOrDefault(updateId, null);
    return info == null || info.getAcceptedEventId() != 0 ? 0 : info.getAdmittedEventId();
  }

  public Map<String, UpdateInfo> updates() {
    return record.getUpdatesMap();
  }

  void putUpdate(String updateId, UpdateInfo info) {
    record.putUpdates(updateId, info);
  }

  // ---- signals and cancellation received ----

  public boolean hasSignalRequestId(String requestId) {
    return record.getSignalRequestIdsList().contains(requestId);
  }

  public long signalCount() {
    return record.getSignalCount();
  }

  void countSignal() {
    record.setSignalCount(record.getSignalCount() + 1);
  }

  /** Remembers a signal's request id among the {@code remembered} most recent (not carried by events). */
  void rememberSignalRequestId(String requestId, int remembered) {
    if (requestId.isEmpty()) {
      return;
    }
    record.addSignalRequestIds(requestId);
    int excess = record.getSignalRequestIdsCount() - remembered;
    if (excess > 0) {
      List<String> kept = new ArrayList<>(record.getSignalRequestIdsList().subList(excess,
          record.getSignalRequestIdsCount()));
      record.clearSignalRequestIds().addAllSignalRequestIds(kept);
    }
  }

  public boolean cancelRequested() {
    return record.getCancelRequested();
  }

  public String cancelRequestId() {
    return record.getCancelRequestId();
  }

  void setCancelRequested() {
    record.setCancelRequested(true);
  }

  void setCancelRequestId(String requestId) {
    record.setCancelRequestId(requestId);
  }

  // ---- buffered events ----

  public boolean hasBufferedEvents() {
    return record.getBufferedEventsCount() > 0;
  }

  public List<HistoryEvent> bufferedEvents() {
    List<HistoryEvent> events = new ArrayList<>(record.getBufferedEventsCount());
    for (ByteString bytes : record.getBufferedEventsList()) {
      events.add(Events.decode(bytes));
    }
    return events;
  }

  void addBufferedEvent(HistoryEvent event) {
    record.addBufferedEvents(event.toByteString());
  }

  void setBufferedEvents(List<HistoryEvent> events) {
    record.clearBufferedEvents();
    events.forEach(this::addBufferedEvent);
  }

  // ---- completion ----

  /** The event that closed the run, or null while it runs. */
  public HistoryEvent completionEvent() {
    return record.getCompletionEvent().isEmpty() ? null : Events.decode(record.getCompletionEvent());
  }

  void setCompletionEvent(HistoryEvent event) {
    record.setCompletionEvent(event.toByteString());
  }

  /** The run that follows this closed one (continue-as-new, retry), or null. */
  public SuccessorRun successor() {
    return record.hasSuccessor() ? record.getSuccessor() : null;
  }

  void setSuccessor(SuccessorRun successor) {
    record.setSuccessor(successor);
  }
}
