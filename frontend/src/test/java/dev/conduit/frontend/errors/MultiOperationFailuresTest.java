package dev.conduit.frontend.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.failure.v1.MultiOperationExecutionAborted;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultiOperationFailuresTest {
  @Test
  void theFailingOperationKeepsItsStatusTheOtherIsAbortedAndTheCallTakesTheFailingCode() throws Exception {
    StatusRuntimeException status = MultiOperationFailures.of(Arrays.asList(null,
        new InvalidArgumentException("first_execution_run_id", "FirstExecutionRunId is not allowed")));

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getStatus().getDescription()).isEqualTo("Update-with-Start could not be executed.");
    MultiOperationExecutionFailure failure = StatusProto.fromThrowable(status).getDetails(0)
        .unpack(MultiOperationExecutionFailure.class);
    assertThat(failure.getStatusesCount()).isEqualTo(2);
    assertThat(failure.getStatuses(0).getCode()).isEqualTo(Status.Code.ABORTED.value());
    assertThat(failure.getStatuses(0).getDetails(0).is(MultiOperationExecutionAborted.class)).isTrue();
    assertThat(failure.getStatuses(1).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(failure.getStatuses(1).getMessage()).contains("FirstExecutionRunId is not allowed");
    assertThat(failure.getStatuses(1).getDetailsList()).isEmpty();
  }
}
