package dev.conduit.history.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.shard.ShardContext;
import dev.conduit.history.workflow.VersionHistories;
import dev.conduit.proto.persistence.v1.HistoryContinuation;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/** Reads committed history in pages and encodes the continuation tokens clients page with. */
public final class HistoryPages {
  private HistoryPages() {}

  /** Events of one page and the store's token of the next page (null at the end). */
  public record Page(List<HistoryEvent> events, byte[] storeToken) {}

  /** The token of the run's current history branch, which its reads page through. */
  public static byte[] branchOf(MutableStateRecord state) {
    return VersionHistories.current(state.getVersionHistories()).getBranchToken().toByteArray();
  }

  /** Events {@code firstEventId .. nextEventId - 1} of the branch, at most {@code pageSize} batches. */
  public static Page read(ShardContext shard, byte[] branchToken, long firstEventId, long nextEventId, int pageSize,
      byte[] storeToken) {
    ShardContext.EventPage page = shard.readEventPage(branchToken, firstEventId, nextEventId, pageSize, storeToken);
    return new Page(page.events(), page.nextPageToken());
  }

  public static ByteString encode(HistoryContinuation continuation) {
    return continuation.toByteString();
  }

  public static HistoryContinuation decode(ByteString token) {
    try {
      HistoryContinuation continuation = HistoryContinuation.parseFrom(token);
      if (continuation.getRunId().isEmpty()) {
        throw new InvalidRequestException("next page token is malformed");
      }
      return continuation;
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("next page token is malformed");
    }
  }
}
