package dev.conduit.history.shard;

import dev.conduit.history.workflow.WorkflowTransaction;

/**
 * A change of one run, computed from its committed state. It may run more than once (after a
 * conflicting write it is recomputed from the reloaded state), so it must not act outside the
 * transaction.
 */
@FunctionalInterface
public interface WorkflowAction<R> {
  R apply(WorkflowTransaction tx);
}
