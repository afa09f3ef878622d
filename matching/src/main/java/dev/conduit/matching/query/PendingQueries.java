package dev.conduit.matching.query;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queries of this matching host that wait for their worker's answer, by query id. The frontend
 * sends a worker's answer to the host that owns the query's task queue, the host that registered it.
 */
final class PendingQueries {
  private record Pending(String namespaceId, CompletableFuture<ByteString> answer) {}

  private final Map<String, Pending> byId = new ConcurrentHashMap<>();

  /** The future the answer will complete. */
  CompletableFuture<ByteString> register(String queryId, String namespaceId) {
    CompletableFuture<ByteString> answer = new CompletableFuture<>();
    if (byId.putIfAbsent(queryId, new Pending(namespaceId, answer)) != null) {
      throw new IllegalStateException("query id " + queryId + " is already pending");
    }
    return answer;
  }

  void remove(String queryId) {
    byId.remove(queryId);
  }

  /**
   * Hands the worker's answer to the waiting query.
   *
   * @throws QueryNotFoundException when no query of that namespace waits under that id (it expired,
   *     was answered already, or waits on another host)
   */
  void complete(String namespaceId, String queryId, ByteString completed) {
    Pending pending = byId.get(queryId);
    if (pending == null || !pending.namespaceId().equals(namespaceId)) {
      throw new QueryNotFoundException("query task " + queryId + " not found, or already expired");
    }
    if (!pending.answer().complete(completed)) {
      throw new QueryNotFoundException("query task " + queryId + " was already answered");
    }
  }

  int size() {
    return byId.size();
  }
}
