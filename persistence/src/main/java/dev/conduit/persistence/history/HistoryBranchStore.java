package dev.conduit.persistence.history;

import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import java.util.List;

/**
 * A run's history as a tree of branches, addressed by branch tokens ({@link HistoryBranchTokens}). A
 * fork shares its base's events below the fork point through its ancestors; deleting a branch removes
 * only the nodes no other branch of the tree still needs. Callers serialize the operations on one tree
 * (history holds the workflow's lock), so forks and deletes of one tree never race.
 */
public interface HistoryBranchStore {

  /**
   * Appends batches to the branch; repeating an append writes the same rows again. The batches are not
   * history until a conditional write commits a next event id above them (orphan rule of
   * {@link HistoryBatch}).
   */
  void append(byte[] branchToken, List<HistoryBatch> batches);

  /**
   * Committed history of the branch, through its ancestors, from {@code fromEventId} up to, not
   * including, {@code nextEventId}, at most {@code pageSize} batches per page; same contract as
   * {@link dev.conduit.persistence.execution.ExecutionStore#readHistory}.
   */
  HistoryPage read(byte[] branchToken, long fromEventId, long nextEventId, int pageSize, byte[] pageToken);

  /**
   * Forks a new branch of the same tree that shares the base's events below {@code forkNodeId}; its own
   * events start at {@code forkNodeId}, which must be a batch boundary of the base's committed history.
   *
   * @return the new branch's token
   */
  byte[] fork(byte[] baseToken, long forkNodeId);

  /** Deletes the branch and every node no other branch needs; deleting the last branch removes the tree. */
  void delete(byte[] branchToken);
}
