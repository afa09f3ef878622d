package dev.conduit.persistence.cassandra.execution;

import dev.conduit.persistence.execution.CreateMode;
import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.WorkflowWrite;
import java.util.Objects;

/**
 * Rejects calls that would commit something unreadable or unfenced, before anything is sent: these are
 * bugs of the caller, reported as {@link IllegalArgumentException}.
 */
final class StoreChecks {
  private StoreChecks() {}

  static void checkCreate(WorkflowWrite write, CreateMode mode, String previousRunId) {
    checkCommon(write);
    Objects.requireNonNull(mode, "mode");
    if (mode == CreateMode.REUSE_CLOSED_RUN && previousRunId == null) {
      throw new IllegalArgumentException("create " + write.snapshot().key() + ": REUSE_CLOSED_RUN needs the previous run id");
    }
  }

  static void checkUpdate(WorkflowWrite write) {
    checkCommon(write);
    // a writer that kept the version would not fence a second writer computing from the same state
    if (write.snapshot().dbVersion() <= write.expectedDbVersion()) {
      throw new IllegalArgumentException(
          "update " + write.snapshot().key() + ": new db_version " + write.snapshot().dbVersion()
              + " must be greater than the expected " + write.expectedDbVersion());
    }
  }

  static void checkLimit(String what, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(what + ": limit must be positive, got " + limit);
    }
  }

  private static void checkCommon(WorkflowWrite write) {
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(write.snapshot(), "snapshot");
    Objects.requireNonNull(write.snapshot().state(), "snapshot state");
    if (!write.newEvents().isEmpty() && (write.branchToken() == null || write.branchToken().length == 0)) {
      throw new IllegalArgumentException("write " + write.snapshot().key() + " appends history but names no history branch");
    }
    for (HistoryBatch batch : write.newEvents()) {
      // readers stop at the committed next event id: a batch beyond it would be committed yet invisible
      if (batch.lastEventId() >= write.snapshot().nextEventId()) {
        throw new IllegalArgumentException(
            "write " + write.snapshot().key() + ": history batch " + batch.firstEventId() + ".." + batch.lastEventId()
                + " is not below the run's next event id " + write.snapshot().nextEventId());
      }
    }
  }
}
