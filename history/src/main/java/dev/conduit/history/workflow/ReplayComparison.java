package dev.conduit.history.workflow;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.conduit.proto.persistence.v1.ActivityInfo;
import dev.conduit.proto.persistence.v1.ChildExecutionInfo;
import dev.conduit.proto.persistence.v1.ExternalRequestInfo;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import dev.conduit.proto.persistence.v1.VersionHistory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a stored mutable state with the replay of its history, field by field, leaving out the
 * fields that by their nature no event carries ({@link #UNDERIVABLE}, reasons in
 * {@link MutableStateApplier}).
 */
public final class ReplayComparison {
  /** The fields left out, each with why no event carries it. */
  public static final Map<String, String> UNDERIVABLE = Map.ofEntries(
      Map.entry("state_transition_count", "counts writes, not events"),
      Map.entry("version_histories.*.branch_token", "names where the events are stored, not what they say"),
      Map.entry("version_histories (all but the current)", "branches that lost a conflict stay recorded; a replay"
          + " reads the current branch only"),
      Map.entry("history_size_warned", "a warning flag of the active side's limit check"),
      Map.entry("signal_request_ids", "deduplication of client retries; signals carry no request id"),
      Map.entry("cancel_request_id", "deduplication of client retries; the cancel event carries no request id"),
      Map.entry("successor", "the next run's start request; the next run's own history starts it"),
      Map.entry("execution_info.create_request_id", "the start request's id; the started event does not carry it"),
      Map.entry("execution_info.sticky_*", "stickiness is worker state set by completions, no event"),
      Map.entry("workflow_task (transient)", "a failing task's retries write no events until it completes"),
      Map.entry("workflow_task.schedule_to_start_timeout", "sticky queue setting, no event"),
      Map.entry("activities.* current attempt", "attempt, started, heartbeat, last failure, worker identity,"
          + " current attempt scheduled time, and the version once it started or retried: activity starts, heartbeats and retries write no events"),
      Map.entry("activities.* pause and reset", "PauseActivity, UnpauseActivity and ResetActivity write no events"),
      Map.entry("activities.* options, once updated", "task queue, timeouts, deadline, retry policy and priority changed"
          + " by UpdateActivityOptions, which writes no event"),
      Map.entry("child_executions.start_request", "the child's full start request, kept until it starts"),
      Map.entry("child_executions.create_request_id", "derived from the run id, but a run a reset made keeps the"
          + " base's for the children it carries over"),
      Map.entry("external_signals.request", "the full signal request, kept until it is delivered"),
      Map.entry("external_signals/external_cancels.request_id", "derived from the run id, but a run a reset made"
          + " keeps the base's for the requests it carries over"));

  private ReplayComparison() {}

  /** The differences as "path: stored X, replayed Y" lines; empty when they agree. */
  public static List<String> differences(MutableStateRecord stored, MutableStateRecord replayed) {
    List<String> out = new ArrayList<>();
    diff("", normalize(stored, stored), normalize(replayed, stored), out);
    return out;
  }

  private static MutableStateRecord normalize(MutableStateRecord record, MutableStateRecord stored) {
    MutableStateRecord.Builder b = record.toBuilder()
        .clearStateTransitionCount()
        .clearHistorySizeWarned()
        .clearSignalRequestIds()
        .clearCancelRequestId()
        .clearSuccessor();
    VersionHistory current = VersionHistories.current(record.getVersionHistories()).toBuilder().clearBranchToken().build();
    b.setVersionHistories(dev.conduit.proto.persistence.v1.VersionHistories.newBuilder().addHistories(current));
    b.getExecutionInfoBuilder().clearCreateRequestId().clearStickyTaskQueue().clearStickyScheduleToStartTimeout()
        .clearStickySetTime();
    if (stored.hasWorkflowTask() && stored.getWorkflowTask().getTransient()) {
      b.clearWorkflowTask();
    } else if (b.hasWorkflowTask()) {
      b.getWorkflowTaskBuilder().clearScheduleToStartTimeout().clearSpeculativeStamp();
    }
    for (ActivityInfo a : record.getActivitiesMap().values()) {
      ActivityInfo s = stored.getActivitiesOrDefault(a.getScheduledEventId(), a);
      boolean moved = s.getAttempt() > 1 || s.hasStartedTime();
      b.putActivities(a.getScheduledEventId(), (moved ? a.toBuilder().clearVersion() : a.toBuilder())
          .clearAttempt().clearStartedTime().clearStartedRequestId().clearStartedIdentity().clearLastWorkerIdentity()
          .clearLastHeartbeatDetails().clearLastHeartbeatTime().clearLastFailure().clearCurrentAttemptScheduledTime()
          .clearPaused().clearPausedTime().clearPauseIdentity().clearPauseReason().clearResetRequested()
          .build());
      if (s.getOptionsUpdated()) {
        b.putActivities(a.getScheduledEventId(), b.getActivitiesOrThrow(a.getScheduledEventId()).toBuilder()
            .clearTaskQueue().clearScheduleToCloseTimeout().clearScheduleToStartTimeout().clearStartToCloseTimeout()
            .clearHeartbeatTimeout().clearExpirationTime().clearRetryPolicy().clearPriority().clearOptionsUpdated()
            .build());
      }
    }
    for (ChildExecutionInfo c : record.getChildExecutionsMap().values()) {
      b.putChildExecutions(c.getInitiatedEventId(), c.toBuilder().clearStartRequest().clearCreateRequestId().build());
    }
    for (ExternalRequestInfo e : record.getExternalSignalsMap().values()) {
      b.putExternalSignals(e.getInitiatedEventId(), e.toBuilder().clearRequest().clearRequestId().build());
    }
    for (ExternalRequestInfo e : record.getExternalCancelsMap().values()) {
      b.putExternalCancels(e.getInitiatedEventId(), e.toBuilder().clearRequestId().build());
    }
    return b.build();
  }

  private static void diff(String path, Message stored, Message replayed, List<String> out) {
    Set<FieldDescriptor> fields = new LinkedHashSet<>(stored.getAllFields().keySet());
    fields.addAll(replayed.getAllFields().keySet());
    for (FieldDescriptor field : fields) {
      String name = path + field.getName();
      Object a = stored.getField(field);
      Object b = replayed.getField(field);
      if (a.equals(b)) {
        continue;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
        diff(name + ".", (Message) a, (Message) b, out);
      } else if (field.isMapField()) {
        diffMap(name, stored, replayed, field, out);
      } else {
        out.add(name + ": stored " + shorten(a) + ", replayed " + shorten(b));
      }
    }
  }

  private static void diffMap(String name, Message stored, Message replayed, FieldDescriptor field, List<String> out) {
    Map<Object, Message> a = entries(stored, field);
    Map<Object, Message> b = entries(replayed, field);
    Set<Object> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (Object key : keys) {
      Message x = a.get(key);
      Message y = b.get(key);
      if (x == null || y == null) {
        out.add(name + "[" + key + "]: stored " + (x == null ? "absent" : "present") + ", replayed "
            + (y == null ? "absent" : "present"));
      } else if (!x.equals(y)) {
        diff(name + "[" + key + "].", x, y, out);
      }
    }
  }

  private static Map<Object, Message> entries(Message message, FieldDescriptor field) {
    Map<Object, Message> map = new java.util.LinkedHashMap<>();
    for (Object entry : (List<?>) message.getField(field)) {
      Message e = (Message) entry;
      FieldDescriptor k = e.getDescriptorForType().findFieldByName("key");
      FieldDescriptor v = e.getDescriptorForType().findFieldByName("value");
      map.put(e.getField(k), (Message) e.getField(v));
    }
    return map;
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value).replace('\n', ' ');
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }
}
