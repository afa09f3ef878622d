package dev.conduit.frontend;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** The calls a fake internal service received, with their deadlines, and the answer it gives. */
public final class FakeCalls {
  /** One received call; {@code deadlineMillis} is what was left of its deadline on arrival, -1 for none. */
  public record Call(String method, Message request, long deadlineMillis) {}

  private final List<Call> received = new CopyOnWriteArrayList<>();
  /** Method and request to the response (null: the default instance); may throw a status or block. */
  public volatile BiFunction<String, Message, Message> answer = (method, request) -> null;

  public List<Call> received() {
    return List.copyOf(received);
  }

  public Call only() {
    if (received.size() != 1) {
      throw new AssertionError("expected one call, got " + received);
    }
    return received.get(0);
  }

  @SuppressWarnings("unchecked")
  <T extends Message> void answer(String method, Message request, T defaultResponse, StreamObserver<T> observer) {
    Deadline deadline = Context.current().getDeadline();
    received.add(new Call(method, request, deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    Message response;
    try {
      response = answer.apply(method, request);
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    }
    observer.onNext(response == null ? defaultResponse : (T) response);
    observer.onCompleted();
  }
}
