package dev.conduit.persistence.execution;

/** What the current-execution record must look like for a new run to be created. */
public enum CreateMode {
  /** No run ever used this workflow id. */
  BRAND_NEW,
  /**
   * The current run is the given previous run, it is closed, and the id-reuse policy (checked by the
   * caller) allows a new run; the current record then moves to the new run.
   */
  REUSE_CLOSED_RUN
}
