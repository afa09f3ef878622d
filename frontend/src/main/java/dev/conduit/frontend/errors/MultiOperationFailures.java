package dev.conduit.frontend.errors;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.failure.v1.MultiOperationExecutionAborted;
import java.util.List;

/**
 * Temporal's answer to an ExecuteMultiOperation that failed: one status per operation in the failure detail
 * (the failing ones as they are, the others ABORTED with MultiOperationExecutionAborted), and the first failing
 * operation's code for the whole call. The SDKs read the per-operation statuses.
 */
public final class MultiOperationFailures {
  static final String MESSAGE = "Update-with-Start could not be executed.";
  private static final String ABORTED = "Operation was aborted.";

  private MultiOperationFailures() {}

  /** @param errors one per operation, null for an operation that did not fail */
  public static StatusRuntimeException of(List<Throwable> errors) {
    MultiOperationExecutionFailure.Builder failure = MultiOperationExecutionFailure.newBuilder();
    Integer code = null;
    for (Throwable error : errors) {
      if (error == null) {
        failure.addStatuses(MultiOperationExecutionFailure.OperationStatus.newBuilder()
            .setCode(Status.Code.ABORTED.value())
            .setMessage(ABORTED)
            .addDetails(Any.pack(MultiOperationExecutionAborted.getDefaultInstance())));
        continue;
      }
      com.google.rpc.Status status = StatusProto.fromThrowable(ApiErrors.toStatus(error));
      if (status == null) {
        status = com.google.rpc.Status.newBuilder().setCode(Status.Code.INTERNAL.value())
            .setMessage(String.valueOf(error.getMessage())).build();
      }
      if (code == null) {
        code = status.getCode();
      }
      failure.addStatuses(MultiOperationExecutionFailure.OperationStatus.newBuilder()
          .setCode(status.getCode())
          .setMessage(status.getMessage())
          .addAllDetails(status.getDetailsList()));
    }
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code == null ? Status.Code.ABORTED.value() : code)
        .setMessage(MESSAGE)
        .addDetails(Any.pack(failure.build()))
        .build());
  }
}
