package dev.conduit.history.api.respondworkflowtaskcompleted;

import dev.conduit.history.NamespaceEntry;
import dev.conduit.visibility.attributes.SearchAttributeRules;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.api.Limits;
import dev.conduit.history.workflow.WorkflowTransaction;
import com.google.protobuf.MessageLite;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;

/** What the commands of one completed workflow task share while they are applied in order. */
final class CommandContext {
  final WorkflowTransaction tx;
  final long completedEventId;
  final String identity;
  /** Events arrived while the task ran; a command that closes the run would lose them. */
  boolean hasBufferedEvents;
  /** Workflow Updates were admitted while the task ran: the workflow has not seen them. */
  boolean updatesArrived;
  /** A command cancelled a not yet started activity: the workflow needs a new task to see it. */
  boolean activityCancelledBeforeStart;
  /** Activities this task scheduled that its worker asked to run at once (eager dispatch), by scheduled event id. */
  final java.util.List<Long> eagerActivities = new java.util.ArrayList<>();

  CommandContext(WorkflowTransaction tx, long completedEventId, String identity) {
    this.tx = tx;
    this.completedEventId = completedEventId;
    this.identity = identity;
    this.hasBufferedEvents = tx.state().hasBufferedEvents();
  }

  HistoryConfig config() {
    return tx.config();
  }

  void requireId(WorkflowTaskFailedCause cause, String what, String value) {
    String problem = Limits.checkId(what, value, config());
    if (problem != null) {
      throw new CommandFailure(cause, problem);
    }
  }

  /** Every attribute is one the namespace has and its value has the attribute's type (BAD_SEARCH_ATTRIBUTES). */
  void requireSearchAttributes(io.temporal.api.common.v1.SearchAttributes attributes) {
    NamespaceEntry namespace = tx.namespace();
    SearchAttributeRules.problem(namespace.name(), attributes.getIndexedFieldsMap(), namespace.customSearchAttributes())
        .ifPresent(problem -> {
          throw new CommandFailure(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, problem);
        });
  }

  void requireBlob(WorkflowTaskFailedCause cause, String what, MessageLite payload) {
    String problem = Limits.checkBlob(what, payload, config());
    if (problem != null) {
      throw new CommandFailure(cause, problem);
    }
  }
}
