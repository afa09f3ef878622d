package dev.conduit.history.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.conduit.history.errors.QueryFailedException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.errors.WorkflowCompletedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.QueryFailedFailure;
import io.temporal.api.failure.v1.Failure;
import org.junit.jupiter.api.Test;

/** The statuses and Temporal failure details of the errors the new operations raise. */
class GrpcErrorsTest {

  @Test
  void aClosedRunIsNotFoundWithTemporalsMessage() {
    StatusRuntimeException status = GrpcErrors.toStatus(new WorkflowCompletedException());
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getStatus().getDescription()).isEqualTo("workflow execution already completed");
  }

  @Test
  void aFailedQueryIsInvalidArgumentWithQueryFailedFailure() throws Exception {
    Failure failure = Failure.newBuilder().setMessage("handler threw").build();
    StatusRuntimeException status = GrpcErrors.toStatus(new QueryFailedException("handler threw", failure));

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Any detail = StatusProto.fromThrowable(status).getDetails(0);
    assertThat(detail.is(QueryFailedFailure.class)).isTrue();
    assertThat(detail.unpack(QueryFailedFailure.class).getFailure()).isEqualTo(failure);
  }

  @Test
  void tooManySignalsIsInvalidArgument() {
    StatusRuntimeException status = GrpcErrors.toStatus(new SignalLimitExceededException());
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getStatus().getDescription()).contains("limit for signal events");
  }
}
