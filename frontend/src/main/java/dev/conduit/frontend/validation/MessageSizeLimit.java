package dev.conduit.frontend.validation;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses a request message over {@link #DEFAULT_MAX_BYTES} the way Temporal's frontend (grpc-go) does:
 * {@code RESOURCE_EXHAUSTED} "grpc: received message larger than max (N vs. M)". The SDKs recognize
 * exactly that text: the Java SDK turns it into {@code GrpcMessageTooLargeException}, does not retry it,
 * and a worker whose task completion is refused fails the task with cause GRPC_MESSAGE_TOO_LARGE (history
 * then terminates the run). grpc-java words its own limit differently, so the transport accepts up to
 * {@link #TRANSPORT_MAX_BYTES} and this interceptor applies the limit; nothing of a refused call reaches a
 * handler.
 */
public final class MessageSizeLimit implements ServerInterceptor {
  /** grpc-go's default receive limit, which Temporal's frontend keeps. */
  public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
  /** What the transport reads before grpc-java refuses by itself, in its own words. */
  public static final int TRANSPORT_MAX_BYTES = 64 * 1024 * 1024;

  private final int maxBytes;

  public MessageSizeLimit(int maxBytes) {
    if (maxBytes <= 0 || maxBytes > TRANSPORT_MAX_BYTES) {
      throw new IllegalArgumentException("message size limit must be in 1.." + TRANSPORT_MAX_BYTES + ": " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The status Temporal answers for a message of {@code size} bytes over {@code max}. */
  public static Status tooLarge(long size, int max) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "grpc: received message larger than max (" + size + " vs. " + max + ")");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        if (message instanceof MessageLite proto && proto.getSerializedSize() > maxBytes) {
          refused = true;
          call.close(tooLarge(proto.getSerializedSize(), maxBytes), new Metadata());
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }
}
