package dev.conduit.persistence.history;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.persistence.v1.HistoryBranchRange;
import dev.conduit.proto.persistence.v1.HistoryBranchToken;
import java.util.UUID;

/**
 * Makes and reads branch tokens: a new root branch of a tree, and the token of a fork (the base's
 * ancestors cut at the fork point, plus the base itself up to there). Pure, so every store agrees.
 */
public final class HistoryBranchTokens {
  private HistoryBranchTokens() {}

  /** A new root branch of tree {@code treeId}, whose own events start at event 1. */
  public static byte[] newRoot(String treeId) {
    return HistoryBranchToken.newBuilder().setTreeId(treeId).setBranchId(UUID.randomUUID().toString()).build().toByteArray();
  }

  /** Decodes a token; anything that is not a token is a caller error. */
  public static HistoryBranchToken decode(byte[] token) {
    if (token == null || token.length == 0) {
      throw new IllegalArgumentException("missing history branch token");
    }
    try {
      HistoryBranchToken decoded = HistoryBranchToken.parseFrom(token);
      if (decoded.getTreeId().isEmpty() || decoded.getBranchId().isEmpty()) {
        throw new IllegalArgumentException("history branch token without tree or branch id");
      }
      return decoded;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("invalid history branch token", e);
    }
  }

  /** The first node id the branch itself owns: the end of its last ancestor range, 1 for a root. */
  public static long beginNodeId(HistoryBranchToken token) {
    int count = token.getAncestorsCount();
    return count == 0 ? 1 : token.getAncestors(count - 1).getEndNodeId();
  }

  /**
   * The token of a new branch sharing {@code base}'s nodes below {@code forkNodeId}: the ancestor ranges
   * below the fork point (the one containing it cut there) and, if the fork point is past the base's own
   * begin, the base's range up to it.
   */
  public static HistoryBranchToken fork(HistoryBranchToken base, long forkNodeId) {
    if (forkNodeId < 2) {
      throw new IllegalArgumentException("a fork must share at least event 1, fork node id was " + forkNodeId);
    }
    HistoryBranchToken.Builder fork =
        HistoryBranchToken.newBuilder().setTreeId(base.getTreeId()).setBranchId(UUID.randomUUID().toString());
    for (HistoryBranchRange range : base.getAncestorsList()) {
      if (range.getBeginNodeId() >= forkNodeId) {
        return fork.build();
      }
      if (range.getEndNodeId() >= forkNodeId) {
        return fork.addAncestors(range.toBuilder().setEndNodeId(forkNodeId)).build();
      }
      fork.addAncestors(range);
    }
    return fork.addAncestors(
            HistoryBranchRange.newBuilder().setBranchId(base.getBranchId()).setBeginNodeId(beginNodeId(base)).setEndNodeId(forkNodeId))
        .build();
  }
}
