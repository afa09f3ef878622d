package dev.conduit.history.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.history.errors.EntityNotFoundException;
import dev.conduit.history.errors.HistoryUnavailableException;
import dev.conduit.history.errors.NamespaceNotFoundException;
import dev.conduit.history.errors.SignalLimitExceededException;
import dev.conduit.history.errors.WorkflowAlreadyStartedException;
import dev.conduit.history.errors.WorkflowCompletedException;
import dev.conduit.history.handler.GrpcErrors;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** A peer's status comes back as the exception the peer raised, so tasks treat local and remote alike. */
class GrpcHistoryPeerClientTest {

  @Test
  void statusesOfThePeerBecomeHistorysExceptionsAgain() {
    assertThat(GrpcHistoryPeerClient.translate(GrpcErrors.toStatus(new WorkflowCompletedException())))
        .isInstanceOf(EntityNotFoundException.class);
    assertThat(GrpcHistoryPeerClient.translate(GrpcErrors.toStatus(new NamespaceNotFoundException("ns"))))
        .isInstanceOf(NamespaceNotFoundException.class);
    RuntimeException started = GrpcHistoryPeerClient.translate(GrpcErrors.toStatus(
        new WorkflowAlreadyStartedException("running", "run-1", "req-1")));
    assertThat(started).isInstanceOf(WorkflowAlreadyStartedException.class);
    assertThat(((WorkflowAlreadyStartedException) started).runId()).isEqualTo("run-1");
    assertThat(GrpcHistoryPeerClient.translate(GrpcErrors.toStatus(new SignalLimitExceededException())))
        .isInstanceOf(SignalLimitExceededException.class);
    assertThat(GrpcHistoryPeerClient.translate(Status.UNAVAILABLE.withDescription("moved").asRuntimeException()))
        .isInstanceOf(HistoryUnavailableException.class);
  }
}
