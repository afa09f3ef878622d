package dev.conduit.matching;

import dev.conduit.matching.queue.PollCancellation;
import io.grpc.Context;

/**
 * A poll's cancellation from its gRPC call context. The server cancels the context as soon as the client
 * goes away, even while the handler's thread is blocked in the poll.
 */
final class GrpcPollCancellation implements PollCancellation {
  private final Context context;

  GrpcPollCancellation(Context context) {
    this.context = context;
  }

  @Override
  public boolean isCancelled() {
    return context.isCancelled();
  }

  @Override
  public void onCancel(Runnable action) {
    context.addListener(cancelled -> action.run(), Runnable::run);
  }
}
