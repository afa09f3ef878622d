package dev.conduit.history.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.HistoryUnavailableException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.proto.history.v1.ExternalRequest;
import dev.conduit.proto.history.v1.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowResponse;
import dev.conduit.proto.history.v1.WorkflowRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.util.function.Function;

/**
 * {@link HistoryPeerClient} over the shared {@link HistoryServiceClient}: each call goes to the owner of the target
 * workflow's shard (deadline, retry of UNAVAILABLE and breakers are that client's), and the status is turned back
 * into history's exceptions.
 */
public final class GrpcHistoryPeerClient implements HistoryPeerClient {
  private final HistoryServiceClient history;

  public GrpcHistoryPeerClient(HistoryServiceClient history) {
    this.history = history;
  }

  @Override
  public StartChildWorkflowResponse startChildWorkflow(StartChildWorkflowRequest request) {
    String workflowId = childWorkflowId(request);
    return call(request.getNamespaceId(), workflowId, stub -> stub.startChildWorkflow(request));
  }

  @Override
  public void recordChildCompleted(RecordChildCompletedRequest request) {
    call(request.getParentNamespaceId(), request.getParentWorkflowId(), stub -> stub.recordChildCompleted(request));
  }

  @Override
  public void signalExternal(ExternalRequest request) {
    call(request.getNamespaceId(), request.getWorkflowId(), stub -> stub.signalExternal(request));
  }

  @Override
  public void requestCancelExternal(ExternalRequest request) {
    call(request.getNamespaceId(), request.getWorkflowId(), stub -> stub.requestCancelExternal(request));
  }

  @Override
  public void terminate(String namespaceId, TerminateWorkflowExecutionRequest request) {
    WorkflowRequest wrapped = WorkflowRequest.newBuilder().setNamespaceId(namespaceId)
        .setRequest(request.toByteString()).build();
    call(namespaceId, request.getWorkflowExecution().getWorkflowId(), stub -> stub.terminateWorkflowExecution(wrapped));
  }

  @Override
  public void requestCancel(String namespaceId, RequestCancelWorkflowExecutionRequest request) {
    WorkflowRequest wrapped = WorkflowRequest.newBuilder().setNamespaceId(namespaceId)
        .setRequest(request.toByteString()).build();
    call(namespaceId, request.getWorkflowExecution().getWorkflowId(), stub -> stub.requestCancelWorkflowExecution(wrapped));
  }

  private <T> T call(String namespaceId, String workflowId, Function<HistoryServiceBlockingStub, T> rpc) {
    try {
      return history.call(namespaceId, workflowId, rpc);
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /** A peer's status as the exception history would have thrown locally. */
  static RuntimeException translate(StatusRuntimeException e) {
    String message = e.getStatus().getDescription() == null ? e.getStatus().getCode().name()
        : e.getStatus().getDescription();
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    switch (e.getStatus().getCode()) {
      case NOT_FOUND -> {
        NamespaceNotFoundFailure namespace = detail(details, NamespaceNotFoundFailure.class);
        return namespace != null ? new NamespaceNotFoundException(namespace.getNamespace())
            : new EntityNotFoundException(message);
      }
      case ALREADY_EXISTS -> {
        WorkflowExecutionAlreadyStartedFailure started = detail(details, WorkflowExecutionAlreadyStartedFailure.class);
        return new WorkflowAlreadyStartedException(message, started == null ? "" : started.getRunId(),
            started == null ? "" : started.getStartRequestId());
      }
      case INVALID_ARGUMENT -> {
        return message.startsWith(SignalLimitExceededException.MESSAGE) ? new SignalLimitExceededException()
            : new InvalidRequestException(message);
      }
      default -> {
        return new HistoryUnavailableException("history peer call failed: " + e.getStatus(), e);
      }
    }
  }

  private static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status status, Class<T> type) {
    if (status == null) {
      return null;
    }
    for (Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String childWorkflowId(StartChildWorkflowRequest request) {
    try {
      return io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest.parseFrom(request.getStartRequest())
          .getWorkflowId();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("child start request is malformed", e);
    }
  }
}
