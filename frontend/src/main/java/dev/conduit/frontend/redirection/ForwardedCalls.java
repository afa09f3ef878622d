package dev.conduit.frontend.redirection;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * The header that marks a call one frontend forwarded to another, with Temporal's names: the forwarding side
 * sends {@code xdc-redirection: false} (no further redirection) and {@code xdc-redirection-api: true}; this
 * interceptor puts "forwarded" into the call's context when either is present, so the receiving frontend
 * answers the call itself.
 */
public final class ForwardedCalls implements ServerInterceptor {
  static final Metadata.Key<String> REDIRECTION = Metadata.Key.of("xdc-redirection", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> REDIRECTION_API =
      Metadata.Key.of("xdc-redirection-api", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Boolean> FORWARDED = Context.keyWithDefault("conduit-forwarded", false);

  /** Whether the call this thread serves came from another cluster's frontend. */
  public static boolean isForwarded() {
    return FORWARDED.get();
  }

  /** The headers a forwarding frontend adds to its outgoing call. */
  public static Metadata outgoingHeaders() {
    Metadata headers = new Metadata();
    headers.put(REDIRECTION, "false");
    headers.put(REDIRECTION_API, "true");
    return headers;
  }

  static boolean forwarded(Metadata headers) {
    return "false".equalsIgnoreCase(headers.get(REDIRECTION)) || "true".equalsIgnoreCase(headers.get(REDIRECTION_API));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!forwarded(headers)) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(FORWARDED, true), call, headers, next);
  }
}
