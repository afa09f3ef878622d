package dev.conduit.history.workflow;

import dev.conduit.proto.persistence.v1.UpdateInfo;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.enums.v1.UpdateAdmittedEventOrigin;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAcceptedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAdmittedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateCompletedEventAttributes;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Request;

/**
 * The durable part of a Workflow Update: what a run's mutable state keeps of the updates it accepted.
 * Admission and rejection write nothing (they live in the shard's in-memory registry, as in Temporal, so a
 * rejected update leaves no trace in history); acceptance and completion are events. An update a reset carries
 * over from the run it resets is admitted durably instead, with WorkflowExecutionUpdateAdmitted: the workflow
 * task's history holds the request (the SDK makes its request message from the event), and its acceptance
 * names that event instead of repeating the request.
 *
 * <pre>
 *   (none) --UpdateAdmitted--> ADMITTED --UpdateAccepted--> ACCEPTED --UpdateCompleted--> COMPLETED
 *   (none) --UpdateAccepted--> ACCEPTED   (admitted in memory only)
 * </pre>
 * An update id is admitted at most once per run, accepted at most once and completed at most once, after its
 * acceptance.
 */
public final class WorkflowUpdates {
  private WorkflowUpdates() {}

  /**
   * Admits {@code request} durably (a reset reapplies it): appends WorkflowExecutionUpdateAdmitted, which asks for
   * a workflow task like any event from outside one. False when the run knows the update id already.
   */
  public static boolean admit(WorkflowTransaction tx, Request request, UpdateAdmittedEventOrigin origin) {
    if (tx.state().knowsUpdate(request.getMeta().getUpdateId())) {
      return false;
    }
    tx.appendExternal(EventFactory.updateAdmitted(WorkflowExecutionUpdateAdmittedEventAttributes.newBuilder()
        .setRequest(request)
        .setOrigin(origin)
        .build()));
    return true;
  }

  /**
   * Decides the acceptance of {@code request}, admitted in memory: appends WorkflowExecutionUpdateAccepted with the
   * request; returns its event id.
   */
  public static long accept(WorkflowTransaction tx, Request request, String acceptedRequestMessageId,
      long acceptedRequestSequencingEventId) {
    String updateId = request.getMeta().getUpdateId();
    if (tx.state().knowsUpdate(updateId)) {
      throw new IllegalTransitionException("update " + updateId, "ADMITTED or ACCEPTED", "accept");
    }
    return tx.append(EventFactory.updateAccepted(WorkflowExecutionUpdateAcceptedEventAttributes.newBuilder()
        .setProtocolInstanceId(updateId)
        .setAcceptedRequestMessageId(acceptedRequestMessageId)
        .setAcceptedRequestSequencingEventId(acceptedRequestSequencingEventId)
        .setAcceptedRequest(request)
        .build())).getEventId();
  }

  /**
   * Decides the acceptance of durably admitted update {@code updateId}: WorkflowExecutionUpdateAccepted without the
   * request, sequenced after its admitted event (the SDK tells a durably admitted update by the missing request).
   */
  public static long acceptAdmitted(WorkflowTransaction tx, String updateId, String acceptedRequestMessageId) {
    long admittedEventId = tx.state().durablyAdmitted(updateId);
    if (admittedEventId == 0) {
      throw new IllegalTransitionException("update " + updateId, "not durably admitted", "accept");
    }
    return tx.append(EventFactory.updateAccepted(WorkflowExecutionUpdateAcceptedEventAttributes.newBuilder()
        .setProtocolInstanceId(updateId)
        .setAcceptedRequestMessageId(acceptedRequestMessageId)
        .setAcceptedRequestSequencingEventId(admittedEventId)
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

  /** Applies WorkflowExecutionUpdateAdmitted. */
  static void applyAdmitted(ApplyContext ctx, HistoryEvent event) {
    String updateId = event.getWorkflowExecutionUpdateAdmittedEventAttributes().getRequest().getMeta().getUpdateId();
    if (ctx.state().knowsUpdate(updateId)) {
      throw new IllegalTransitionException("update " + updateId, "known", event.getEventType());
    }
    ctx.state().putUpdate(updateId, UpdateInfo.newBuilder().setAdmittedEventId(event.getEventId()).build());
  }

  /** Applies WorkflowExecutionUpdateAccepted: of an update admitted in memory, or of a durably admitted one. */
  static void applyAccepted(ApplyContext ctx, HistoryEvent event) {
    WorkflowExecutionUpdateAcceptedEventAttributes a = event.getWorkflowExecutionUpdateAcceptedEventAttributes();
    String updateId = a.getProtocolInstanceId();
    boolean durable = !a.hasAcceptedRequest();
    if (durable ? ctx.state().durablyAdmitted(updateId) == 0 : ctx.state().knowsUpdate(updateId)) {
      throw new IllegalTransitionException("update " + updateId, durable ? "not durably admitted" : "known",
          event.getEventType());
    }
    UpdateInfo.Builder info = durable ? ctx.state().updates().get(updateId).toBuilder() : UpdateInfo.newBuilder();
    ctx.state().putUpdate(updateId, info.setAcceptedEventId(event.getEventId()).build());
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
