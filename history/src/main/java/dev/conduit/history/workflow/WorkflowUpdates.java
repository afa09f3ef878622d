package dev.conduit.history.workflow;

import dev.conduit.proto.persistence.v1.UpdateInfo;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAcceptedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateCompletedEventAttributes;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Request;

/**
 * The durable part of a Workflow Update: what a run's mutable state keeps of the updates it accepted.
 * Admission and rejection write nothing (they live in the shard's in-memory registry, as in Temporal, so a
 * rejected update leaves no trace in history); acceptance and completion are events.
 *
 * <pre>
 *   (none) --UpdateAccepted--> ACCEPTED --UpdateCompleted--> COMPLETED
 * </pre>
 * An update id is accepted at most once per run and completed at most once, after its acceptance.
 */
public final class WorkflowUpdates {
  private WorkflowUpdates() {}

  /** Decides the acceptance of {@code request}: appends WorkflowExecutionUpdateAccepted; returns its event id. */
  public static long accept(WorkflowTransaction tx, Request request, String acceptedRequestMessageId,
      long acceptedRequestSequencingEventId) {
    String updateId = request.getMeta().getUpdateId();
    if (tx.state().update(updateId) != null) {
      throw new IllegalTransitionException("update " + updateId, "ACCEPTED", "accept");
    }
    return tx.append(EventFactory.updateAccepted(WorkflowExecutionUpdateAcceptedEventAttributes.newBuilder()
        .setProtocolInstanceId(updateId)
        .setAcceptedRequestMessageId(acceptedRequestMessageId)
        .setAcceptedRequestSequencingEventId(acceptedRequestSequencingEventId)
        .setAcceptedRequest(request)
        .build())).getEventId();
  }

  /** Decides the completion of accepted update {@code meta.update_id}: appends WorkflowExecutionUpdateCompleted. */
  public static void complete(WorkflowTransaction tx, Meta meta, Outcome outcome) {
    UpdateInfo info = tx.state().update(meta.getUpdateId());
    if (info == null || info.getCompletedEventId() != 0) {
      throw new IllegalTransitionException("update " + meta.getUpdateId(), info == null ? "NONE" : "COMPLETED",
          "complete");
    }
    tx.append(EventFactory.updateCompleted(WorkflowExecutionUpdateCompletedEventAttributes.newBuilder()
        .setMeta(meta)
        .setAcceptedEventId(info.getAcceptedEventId())
        .setOutcome(outcome)
        .build()));
  }

  /** Applies WorkflowExecutionUpdateAccepted. */
  static void applyAccepted(ApplyContext ctx, HistoryEvent event) {
    String updateId = event.getWorkflowExecutionUpdateAcceptedEventAttributes().getProtocolInstanceId();
    if (ctx.state().update(updateId) != null) {
      throw new IllegalTransitionException("update " + updateId, "ACCEPTED", event.getEventType());
    }
    ctx.state().putUpdate(updateId, UpdateInfo.newBuilder().setAcceptedEventId(event.getEventId()).build());
  }

  /** Applies WorkflowExecutionUpdateCompleted. */
  static void applyCompleted(ApplyContext ctx, HistoryEvent event) {
    String updateId = event.getWorkflowExecutionUpdateCompletedEventAttributes().getMeta().getUpdateId();
    UpdateInfo info = ctx.state().update(updateId);
    if (info == null || info.getCompletedEventId() != 0) {
      throw new IllegalTransitionException("update " + updateId, info == null ? "NONE" : "COMPLETED",
          event.getEventType());
    }
    ctx.state().putUpdate(updateId, info.toBuilder().setCompletedEventId(event.getEventId()).build());
  }
}
