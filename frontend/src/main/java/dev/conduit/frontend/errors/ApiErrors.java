package dev.conduit.frontend.errors;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.conduit.frontend.cluster.RemoteClusterUnreachableException;
import dev.conduit.frontend.redirection.RemoteClusterUnavailableException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.cluster.RemoteClusterConflictException;
import dev.conduit.persistence.namespace.NamespaceAlreadyExistsException;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become gRPC statuses: a {@code google.rpc.Status} whose single detail is the
 * Temporal failure message the SDKs unpack ({@code NamespaceNotFoundFailure}, ...). Unexpected errors
 * become {@code INTERNAL} with an incident id that is logged with the stack trace; the trace itself
 * never leaves the server.
 */
public final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  public static StatusRuntimeException toStatus(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (e instanceof StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    if (e instanceof InvalidArgumentException) {
      return status(Code.INVALID_ARGUMENT, e.getMessage(), null);
    }
    if (e instanceof NamespaceNotFoundException nf) {
      return namespaceNotFound(nf.namespace());
    }
    if (e instanceof NamespaceAlreadyExistsException ae) {
      return status(Code.ALREADY_EXISTS, ae.getMessage(), NamespaceAlreadyExistsFailure.getDefaultInstance());
    }
    if (e instanceof NamespaceNotActiveException na) {
      return namespaceNotActive(na.namespace(), na.currentCluster(), na.activeCluster());
    }
    if (e instanceof RemoteClusterUnreachableException) {
      return status(Code.INVALID_ARGUMENT, e.getMessage(), null);
    }
    if (e instanceof NamespaceHandoverException) {
      return status(Code.UNAVAILABLE, e.getMessage(), null);
    }
    if (e instanceof RemoteClusterUnavailableException) {
      return status(Code.UNAVAILABLE, e.getMessage(), null);
    }
    if (e instanceof FailedPreconditionException) {
      return status(Code.FAILED_PRECONDITION, e.getMessage(), null);
    }
    if (e instanceof NotFoundException) {
      return status(Code.NOT_FOUND, e.getMessage(), null);
    }
    if (e instanceof RemoteClusterConflictException) {
      return status(Code.UNAVAILABLE, e.getMessage() + ", retry the call", null);
    }
    if (e instanceof NamespaceUpdateConflictException) {
      // the caller already re-read and retried; a later call will most likely win
      return status(Code.UNAVAILABLE, "namespace is being changed concurrently, retry the call", null);
    }
    if (e instanceof PersistenceException pe && pe.isRetryable()) {
      log.warn("persistence unavailable: {}", pe.getMessage());
      return status(Code.UNAVAILABLE, "persistence is temporarily unavailable, retry the call", null);
    }
    String incident = UUID.randomUUID().toString();
    log.error("internal error, incident {}", incident, e);
    return status(Code.INTERNAL, "internal error (incident " + incident + ")", null);
  }

  public static StatusRuntimeException namespaceNotFound(String namespace) {
    return status(Code.NOT_FOUND, "Namespace " + namespace + " is not found.",
        NamespaceNotFoundFailure.newBuilder().setNamespace(namespace).build());
  }

  public static StatusRuntimeException namespaceNotActive(String namespace, String currentCluster, String activeCluster) {
    return status(Code.FAILED_PRECONDITION,
        new NamespaceNotActiveException(namespace, currentCluster, activeCluster).getMessage(),
        NamespaceNotActiveFailure.newBuilder()
            .setNamespace(namespace)
            .setCurrentCluster(currentCluster)
            .setActiveCluster(activeCluster)
            .build());
  }

  /** A status with the given code, message and (if not null) one Temporal failure detail. */
  public static StatusRuntimeException status(Code code, String message, Message detail) {
    Status.Builder status = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    if (detail != null) {
      status.addDetails(Any.pack(detail));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
