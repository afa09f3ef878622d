package dev.conduit.matching;

import dev.conduit.matching.history.HistoryUnavailableException;
import dev.conduit.matching.query.QueryNotFoundException;
import dev.conduit.matching.query.QueryTimeoutException;
import dev.conduit.matching.queue.QueueUnloadedException;
import dev.conduit.persistence.PersistenceException;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link MatchingHandler} answers a call: the result, or the status its error maps to. Bad input is
 * INVALID_ARGUMENT; a lost lease, Cassandra or history trouble, or a queue that kept unloading is
 * UNAVAILABLE, which callers retry; a query nobody answered in time is DEADLINE_EXCEEDED and an answer
 * to a query no longer waiting NOT_FOUND.
 */
final class MatchingCalls {
  private static final Logger log = LoggerFactory.getLogger(MatchingCalls.class);

  private MatchingCalls() {}

  static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      response.onError(toStatus(e).asRuntimeException());
      return;
    }
    if (response instanceof ServerCallStreamObserver<T> server && server.isCancelled()) {
      return; // the caller is gone; answering would only fail
    }
    response.onNext(result);
    response.onCompleted();
  }

  private static Status toStatus(RuntimeException e) {
    if (e instanceof InvalidRequest) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    if (e instanceof QueryTimeoutException) {
      return Status.DEADLINE_EXCEEDED.withDescription(e.getMessage());
    }
    if (e instanceof QueryNotFoundException) {
      return Status.NOT_FOUND.withDescription(e.getMessage());
    }
    if (e instanceof CancellationException) {
      return Status.CANCELLED.withDescription(e.getMessage());
    }
    if (e instanceof dev.conduit.matching.queue.QueueNotOwnedException) {
      return Status.UNAVAILABLE.withDescription(e.getMessage());
    }
    if (e instanceof QueueUnloadedException) {
      return Status.UNAVAILABLE.withDescription(e.getMessage());
    }
    if (e instanceof HistoryUnavailableException) {
      return Status.UNAVAILABLE.withDescription(e.getMessage());
    }
    if (e instanceof PersistenceException p) {
      // a lost lease or a failed write: the task is not durable here, the caller retries
      log.debug("matching call failed: {}", e.getMessage());
      return Status.UNAVAILABLE.withDescription(p.getMessage());
    }
    log.error("matching call failed unexpectedly", e);
    return Status.INTERNAL.withDescription(String.valueOf(e.getMessage()));
  }

  static RuntimeException invalid(String message) {
    return new InvalidRequest(message);
  }

  /** A request that can never succeed as sent. */
  private static final class InvalidRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequest(String message) {
      super(message, null, false, false);
    }
  }
}
