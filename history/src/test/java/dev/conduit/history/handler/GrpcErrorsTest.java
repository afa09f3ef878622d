package dev.conduit.history.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.conduit.history.errors.NamespaceNotActiveException;
import dev.conduit.history.errors.QueryFailedException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.errors.StaleNamespaceException;
import dev.conduit.history.errors.WorkflowCompletedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
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

  @Test
  void aStandbyNamespaceIsFailedPreconditionWithNamespaceNotActiveFailure() throws Exception {
    StatusRuntimeException status = GrpcErrors.toStatus(new NamespaceNotActiveException("orders", "east", "west"));

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getStatus().getDescription())
        .isEqualTo("Namespace: orders is active in cluster: west, while current cluster east is a standby cluster.");
    com.google.rpc.Status details = StatusProto.fromThrowable(status);
    assertThat(details.getDetailsCount()).isEqualTo(1);
    NamespaceNotActiveFailure failure = details.getDetails(0).unpack(NamespaceNotActiveFailure.class);
    assertThat(failure.getNamespace()).isEqualTo("orders");
    assertThat(failure.getCurrentCluster()).isEqualTo("east");
    assertThat(failure.getActiveCluster()).isEqualTo("west");
  }

  @Test
  void aStaleNamespaceViewIsUnavailableSoTheCallerRetries() {
    StatusRuntimeException status = GrpcErrors.toStatus(new StaleNamespaceException("orders", 1, 11));
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getStatus().getDescription())
        .contains("failover version 1").contains("last write version 11");
  }
}
