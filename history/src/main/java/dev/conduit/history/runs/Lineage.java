package dev.conduit.history.runs;

import dev.conduit.proto.persistence.v1.ParentInfo;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.failure.v1.Failure;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a new run comes from: a client's start (the first run of a chain), a parent's child start, or
 * the run before it (continue-as-new, workflow retry). Goes into the run's WorkflowExecutionStarted event.
 *
 * @param firstRunId first run of the chain; null means the new run itself
 * @param continuedRunId the run this one continues, or null
 * @param initiator why it continues (workflow, retry policy), or null for a first run
 * @param attempt the workflow retry attempt, 1 for a first run and after continue-as-new
 * @param lastCompletionResult what the previous run passed on, or null
 * @param continuedFailure the previous run's failure (retry), or null
 * @param parent the parent of a child workflow's runs, or null
 * @param executionExpiration the chain's execution deadline inherited from the previous run, or null
 * @param backoff delay of the first workflow task (continue-as-new backoff, retry interval), or zero
 */
public record Lineage(String firstRunId, String continuedRunId, ContinueAsNewInitiator initiator, int attempt,
    Payloads lastCompletionResult, Failure continuedFailure, ParentInfo parent, Instant executionExpiration,
    Duration backoff) {

  /** A client's start: the first run of a new chain. */
  public static Lineage first() {
    return new Lineage(null, null, null, 1, null, null, null, null, Duration.ZERO);
  }

  /** A child workflow's first run. */
  public static Lineage child(ParentInfo parent) {
    return new Lineage(null, null, null, 1, null, null, parent, null, Duration.ZERO);
  }
}
