package dev.conduit.frontend.api;

import dev.conduit.frontend.errors.ApiErrors;
import io.grpc.stub.StreamObserver;

/** Runs an {@link Operation} for one call and answers it: the response, or the mapped error status. */
public final class Unary {
  private Unary() {}

  public static <Q, R> void call(Operation<Q, R> operation, Q request, StreamObserver<R> observer) {
    R response;
    try {
      response = operation.handle(request);
    } catch (RuntimeException e) {
      observer.onError(ApiErrors.toStatus(e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }
}
