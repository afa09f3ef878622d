package dev.conduit.history.handler;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.HistoryServiceException;
import dev.conduit.history.replication.ReplicationConflictException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.NamespaceNotActiveException;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.history.errors.QueryFailedException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.persistence.PersistenceException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.errordetails.v1.QueryFailedFailure;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;

/**
 * Maps history's exceptions to gRPC statuses at the edge, with the Temporal failure details the
 * frontend and SDKs look for. Retryable conditions become UNAVAILABLE.
 */
public final class GrpcErrors {
  private GrpcErrors() {}

  public static StatusRuntimeException toStatus(Throwable error) {
    if (error instanceof StatusRuntimeException status) {
      return status;
    }
    if (error instanceof WorkflowAlreadyStartedException e) {
      return withDetails(Status.Code.ALREADY_EXISTS, e.getMessage(), WorkflowExecutionAlreadyStartedFailure.newBuilder()
          .setRunId(e.runId())
          .setStartRequestId(e.startRequestId())
          .build());
    }
    if (error instanceof NamespaceNotFoundException e) {
      return withDetails(Status.Code.NOT_FOUND, e.getMessage(),
          NamespaceNotFoundFailure.newBuilder().setNamespace(e.namespace()).build());
    }
    if (error instanceof NamespaceNotActiveException e) {
      return withDetails(Status.Code.FAILED_PRECONDITION, e.getMessage(), NamespaceNotActiveFailure.newBuilder()
          .setNamespace(e.namespace())
          .setCurrentCluster(e.currentCluster())
          .setActiveCluster(e.activeCluster())
          .build());
    }
    if (error instanceof QueryFailedException e) {
      QueryFailedFailure.Builder details = QueryFailedFailure.newBuilder();
      if (e.failure() != null) {
        details.setFailure(e.failure());
      }
      return withDetails(Status.Code.INVALID_ARGUMENT, e.getMessage(), details.build());
    }
    if (error instanceof SignalLimitExceededException) {
      return Status.INVALID_ARGUMENT.withDescription(error.getMessage()).asRuntimeException();
    }
    if (error instanceof EntityNotFoundException) {
      return Status.NOT_FOUND.withDescription(error.getMessage()).asRuntimeException();
    }
    if (error instanceof InvalidRequestException) {
      return Status.INVALID_ARGUMENT.withDescription(error.getMessage()).asRuntimeException();
    }
    if (error instanceof ReplicationConflictException) {
      return Status.FAILED_PRECONDITION.withDescription(error.getMessage()).asRuntimeException();
    }
    if (error instanceof ShardNotOwnedException) {
      return Status.UNAVAILABLE.withDescription(error.getMessage()).asRuntimeException();
    }
    if (error instanceof HistoryServiceException e && e.isRetryable()) {
      return Status.UNAVAILABLE.withDescription(error.getMessage()).withCause(error).asRuntimeException();
    }
    if (error instanceof PersistenceException e && e.isRetryable()) {
      return Status.UNAVAILABLE.withDescription("persistence unavailable: " + e.getMessage()).withCause(error)
          .asRuntimeException();
    }
    return Status.INTERNAL.withDescription(String.valueOf(error.getMessage())).withCause(error).asRuntimeException();
  }

  private static StatusRuntimeException withDetails(Status.Code code, String message, Message details) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage(message)
        .addDetails(Any.pack(details))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }
}
