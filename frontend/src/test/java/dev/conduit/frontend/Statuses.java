package dev.conduit.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Assertions on the statuses calls fail with. */
final class Statuses {
  private Statuses() {}

  static StatusRuntimeException catchStatus(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
    return (StatusRuntimeException) thrown;
  }

  /** The call fails INVALID_ARGUMENT with a message that starts with the field's name. */
  static StatusRuntimeException assertInvalid(Runnable call, String field) {
    StatusRuntimeException e = catchStatus(call);
    assertThat(e.getStatus().getCode()).as(e.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).startsWith(field + ": ");
    return e;
  }
}
