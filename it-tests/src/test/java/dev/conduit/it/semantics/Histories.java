package dev.conduit.it.semantics;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.List;

/** Reading a run's history in the end-to-end tests. */
final class Histories {
  private Histories() {}

  static List<HistoryEvent> of(WorkflowClient client, String workflowId) {
    return client.fetchHistory(workflowId).getHistory().getEventsList();
  }

  static List<HistoryEvent> of(WorkflowClient client, WorkflowExecution execution) {
    return client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getHistory().getEventsList();
  }

  static List<EventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::getEventType).toList();
  }

  static List<HistoryEvent> ofType(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).toList();
  }

  static HistoryEvent last(List<HistoryEvent> events) {
    return events.get(events.size() - 1);
  }
}
