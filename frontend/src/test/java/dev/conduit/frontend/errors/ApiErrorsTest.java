package dev.conduit.frontend.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.namespace.NamespaceAlreadyExistsException;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  @Test
  void unknownNamespaceIsNotFoundWithNamespaceNotFoundFailure() throws InvalidProtocolBufferException {
    StatusRuntimeException e = ApiErrors.toStatus(new NamespaceNotFoundException("orders"));
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).contains("orders");
    assertThat(onlyDetail(e).unpack(NamespaceNotFoundFailure.class).getNamespace()).isEqualTo("orders");
  }

  @Test
  void duplicateNamespaceIsAlreadyExistsWithItsFailure() {
    StatusRuntimeException e = ApiErrors.toStatus(new NamespaceAlreadyExistsException("orders"));
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.ALREADY_EXISTS);
    assertThat(onlyDetail(e).is(NamespaceAlreadyExistsFailure.class)).isTrue();
  }

  @Test
  void standbyNamespaceIsFailedPreconditionNamingBothClusters() throws InvalidProtocolBufferException {
    StatusRuntimeException e = ApiErrors.toStatus(new NamespaceNotActiveException("orders", "standby", "active"));
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
    NamespaceNotActiveFailure failure = onlyDetail(e).unpack(NamespaceNotActiveFailure.class);
    assertThat(failure.getNamespace()).isEqualTo("orders");
    assertThat(failure.getCurrentCluster()).isEqualTo("standby");
    assertThat(failure.getActiveCluster()).isEqualTo("active");
  }

  @Test
  void invalidArgumentKeepsTheFieldInTheMessageAndHasNoDetails() {
    StatusRuntimeException e = ApiErrors.toStatus(new InvalidArgumentException("page_size", "must be positive"));
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("page_size: must be positive");
    assertThat(StatusProto.fromThrowable(e).getDetailsList()).isEmpty();
  }

  @Test
  void retryablePersistenceErrorsAndConflictsAreUnavailable() {
    assertThat(ApiErrors.toStatus(new PersistenceException("read timeout on 10.0.0.7", true)).getStatus().getCode())
        .isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
    assertThat(ApiErrors.toStatus(new NamespaceUpdateConflictException("moved")).getStatus().getCode())
        .isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
  }

  @Test
  void anythingElseIsInternalWithoutLeakingItsMessageOrStack() {
    StatusRuntimeException e = ApiErrors.toStatus(new IllegalStateException("secret table layout at Foo.java:12"));
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription()).startsWith("internal error (incident ").doesNotContain("secret");
    assertThat(e.getStatus().getCause()).isNull();
    StatusRuntimeException nonRetryable = ApiErrors.toStatus(new PersistenceException("corrupt blob", false));
    assertThat(nonRetryable.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
  }

  @Test
  void wrappedErrorsAreMappedByTheirCause() {
    StatusRuntimeException e = ApiErrors.toStatus(new CompletionException(new NamespaceNotFoundException("x")));
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
  }

  private static Any onlyDetail(StatusRuntimeException e) {
    Status status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    assertThat(status.getDetailsList()).hasSize(1);
    return status.getDetails(0);
  }
}
