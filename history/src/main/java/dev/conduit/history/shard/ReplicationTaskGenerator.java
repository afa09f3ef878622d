package dev.conduit.history.shard;

import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.HistoryReplicationTask;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.ReplicationTaskData;
import dev.conduit.proto.persistence.v1.SyncActivityReplicationTask;
import dev.conduit.proto.persistence.v1.VersionHistoryItem;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Derives a write's replication tasks at commit time, from what the transaction changed, for a
 * namespace that replicates (global, more than one cluster): one history task when the write appends
 * events, and one sync-activity task per pending activity whose attempt, started time, heartbeat or last
 * failure differs from the committed state. State machines know nothing of replication.
 */
final class ReplicationTaskGenerator {
  private ReplicationTaskGenerator() {}

  /** A task and its type, in the order its id will be allocated. */
  record Generated(ReplicationTaskType type, ReplicationTaskData data) {}

  static List<Generated> generate(WorkflowTransaction tx) {
    if (!tx.namespace().replicates() || tx.isReplicated()) {
      // a replicated change came from the cluster that sends it to every other one
      return List.of();
    }
    MutableState state = tx.state();
    WorkflowKey key = state.key();
    List<VersionHistoryItem> versionHistory = state.versionHistory().getItemsList();
    List<Generated> tasks = new ArrayList<>();
    List<HistoryEvent> events = tx.events();
    if (!events.isEmpty()) {
      tasks.add(new Generated(ReplicationTaskType.HISTORY,
          ReplicationTaskData.newBuilder().setHistory(history(key, events, versionHistory, state.branchToken())).build()));
    }
    Map<Long, ActivityInfo> before = tx.base() == null ? Map.of() : tx.base().getActivitiesMap();
    MutableStateRecord after = state.snapshot();
    for (ActivityInfo activity : after.getActivitiesMap().values()) {
      if (changed(before.get(activity.getScheduledEventId()), activity)) {
        tasks.add(new Generated(ReplicationTaskType.SYNC_ACTIVITY,
            ReplicationTaskData.newBuilder().setSyncActivity(syncActivity(key, activity, versionHistory)).build()));
      }
    }
    return tasks;
  }

  private static HistoryReplicationTask history(WorkflowKey key, List<HistoryEvent> events, List<VersionHistoryItem> items,
      byte[] branchToken) {
    HistoryEvent last = events.get(events.size() - 1);
    HistoryReplicationTask.Builder task = HistoryReplicationTask.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setFirstEventId(events.get(0).getEventId())
        .setNextEventId(last.getEventId() + 1)
        .setVersion(last.getVersion())
        .addAllVersionHistoryItems(items)
        .setBranchToken(com.google.protobuf.ByteString.copyFrom(branchToken));
    if (last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
      // the successor is created by its own write, which emits its own history task
      task.setNewRunId(last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId());
    }
    return task.build();
  }

  /** A new activity counts as changed only once it has state beyond its scheduled event. */
  private static boolean changed(ActivityInfo before, ActivityInfo after) {
    if (before == null) {
      return after.getAttempt() > 1 || after.hasStartedTime() || after.hasLastHeartbeatTime()
          || !after.getLastFailure().isEmpty();
    }
    return before.getAttempt() != after.getAttempt()
        || !before.getStartedTime().equals(after.getStartedTime())
        || !before.getLastHeartbeatTime().equals(after.getLastHeartbeatTime())
        || !before.getLastHeartbeatDetails().equals(after.getLastHeartbeatDetails())
        || !before.getLastFailure().equals(after.getLastFailure());
  }

  private static SyncActivityReplicationTask syncActivity(WorkflowKey key, ActivityInfo activity,
      List<VersionHistoryItem> items) {
    SyncActivityReplicationTask.Builder task = SyncActivityReplicationTask.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .setScheduledEventId(activity.getScheduledEventId())
        .setVersion(activity.getVersion())
        .setAttempt(activity.getAttempt())
        .setScheduledTime(activity.getCurrentAttemptScheduledTime())
        .setLastHeartbeatDetails(activity.getLastHeartbeatDetails())
        .setLastFailure(activity.getLastFailure())
        .setStartedIdentity(activity.getStartedIdentity())
        .addAllVersionHistoryItems(items);
    if (activity.hasStartedTime()) {
      task.setStartedTime(activity.getStartedTime());
    }
    if (activity.hasLastHeartbeatTime()) {
      task.setLastHeartbeatTime(activity.getLastHeartbeatTime());
    }
    return task.build();
  }
}
