package dev.conduit.persistence.execution;

import java.util.List;

/** A page of committed history batches, in event order, and the token of the next page (null at the end). */
public record HistoryPage(List<HistoryBatch> batches, byte[] nextPageToken) {
  public HistoryPage {
    batches = List.copyOf(batches);
  }
}
