package dev.conduit.frontend.api;

/**
 * One unary RPC of the public API, implemented by one class of this package. It returns the response or
 * throws; the service turns exceptions into gRPC statuses (see {@link Unary}), so operations never touch
 * a {@code StreamObserver}.
 */
@FunctionalInterface
public interface Operation<Q, R> {
  R handle(Q request);
}
