package dev.conduit.history.workflow;

import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/**
 * Rebuilds a run's mutable state from nothing by applying its stored events in order through
 * {@link MutableStateApplier}, the same functions the active side applies them with. A standby cluster
 * builds state this way; tests use it to check that the stored state is what its history says.
 */
public final class Replayer {
  private Replayer() {}

  /**
   * Replays {@code history} (events 1..n of the run) and then {@code buffered}, the events the stored state
   * holds in its buffer (applied when buffered, not yet in history).
   *
   * @throws IllegalTransitionException when an event is illegal in the state the events before it made
   */
  /**
   * Applies {@code history} (the next events of {@code state}'s current branch) to {@code state}, state only: the
   * tasks those events made exist already. Conflict resolution rebuilds a forked run's state this way.
   */
  public static void replayOnto(MutableState state, List<HistoryEvent> history) {
    ApplyContext ctx = ApplyContext.stateOnly(state);
    for (HistoryEvent event : history) {
      state.recordEvent(event);
      MutableStateApplier.apply(ctx, event);
    }
  }

  public static MutableState replay(WorkflowKey key, List<HistoryEvent> history, List<HistoryEvent> buffered) {
    MutableState state = MutableState.newRun(ExecutionInfo.newBuilder()
        .setNamespaceId(key.namespaceId())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .build());
    ApplyContext ctx = ApplyContext.stateOnly(state);
    for (HistoryEvent event : history) {
      state.recordEvent(event);
      MutableStateApplier.apply(ctx, event);
    }
    for (HistoryEvent event : buffered) {
      MutableStateApplier.apply(ctx, event);
    }
    if (!buffered.isEmpty()) {
      state.setBufferedEvents(buffered);
    }
    return state;
  }
}
