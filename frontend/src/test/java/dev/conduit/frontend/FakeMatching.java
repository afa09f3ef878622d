package dev.conduit.frontend;

import dev.conduit.proto.matching.v1.MatchingServiceGrpc;
import dev.conduit.proto.matching.v1.PollActivityTaskQueueResponse;
import dev.conduit.proto.matching.v1.PollRequest;
import dev.conduit.proto.matching.v1.PollWorkflowTaskQueueResponse;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedRequest;
import dev.conduit.proto.matching.v1.RespondQueryTaskCompletedResponse;
import io.grpc.stub.StreamObserver;

/** A matching service that records the polls and query answers it gets and answers what the test says (see {@link FakeCalls}). */
public final class FakeMatching extends MatchingServiceGrpc.MatchingServiceImplBase {
  public final FakeCalls calls = new FakeCalls();

  @Override
  public void pollWorkflowTaskQueue(PollRequest request, StreamObserver<PollWorkflowTaskQueueResponse> observer) {
    calls.answer("PollWorkflowTaskQueue", request, PollWorkflowTaskQueueResponse.getDefaultInstance(), observer);
  }

  @Override
  public void respondQueryTaskCompleted(RespondQueryTaskCompletedRequest request,
      StreamObserver<RespondQueryTaskCompletedResponse> observer) {
    calls.answer("RespondQueryTaskCompleted", request, RespondQueryTaskCompletedResponse.getDefaultInstance(), observer);
  }

  @Override
  public void pollActivityTaskQueue(PollRequest request, StreamObserver<PollActivityTaskQueueResponse> observer) {
    calls.answer("PollActivityTaskQueue", request, PollActivityTaskQueueResponse.getDefaultInstance(), observer);
  }
}
