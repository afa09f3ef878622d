package dev.conduit.history.api.respondworkflowtaskcompleted;

import com.google.protobuf.MessageLite;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceEntry;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.api.Limits;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.visibility.attributes.SearchAttributeRules;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import java.util.Optional;

/** What the commands of one completed workflow task share while they are applied in order. */
final class CommandContext {
  final WorkflowTransaction tx;
  /** For a search attribute registered since the namespace cache's last refresh. */
  private final NamespaceLookup namespaces;
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

  CommandContext(WorkflowTransaction tx, NamespaceLookup namespaces, long completedEventId, String identity) {
    this.tx = tx;
    this.namespaces = namespaces;
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
  /**
   * Every attribute must be known to the namespace and have a value of its type. The namespace as cached may predate
   * an attribute an operator just registered (OperatorService answers once it is stored): a problem is checked again
   * against the namespace read from the store before it fails the task.
   */
  void requireSearchAttributes(io.temporal.api.common.v1.SearchAttributes attributes) {
    Optional<String> problem = problem(tx.namespace(), attributes);
    if (problem.isPresent()) {
      problem = problem(namespaces.reload(tx.namespace().id()), attributes);
    }
    problem.ifPresent(p -> {
      throw new CommandFailure(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, p);
    });
  }

  private static Optional<String> problem(NamespaceEntry namespace, io.temporal.api.common.v1.SearchAttributes
      attributes) {
    return SearchAttributeRules.problem(namespace.name(), attributes.getIndexedFieldsMap(),
        namespace.customSearchAttributes());
  }

  void requireBlob(WorkflowTaskFailedCause cause, String what, MessageLite payload) {
    String problem = Limits.checkBlob(what, payload, config());
    if (problem != null) {
      throw new CommandFailure(cause, problem);
    }
  }
}
