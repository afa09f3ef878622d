package dev.conduit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.Status;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallPolicyTest {
  @Test
  void aCallerWhoseDeadlinePassedHasGivenUpBeforeItsContextIsCancelled() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch held = new CountDownLatch(1);
    // the context's cancellation runs on this timer; holding it keeps the context uncancelled past its deadline
    timer.execute(() -> {
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      Context.CancellableContext caller = Context.current().withDeadlineAfter(20, TimeUnit.MILLISECONDS, timer);
      await().until(() -> caller.getDeadline().isExpired());

      boolean gaveUp = caller.call(CallPolicy::callerGaveUp);
      boolean retried = caller.call(() -> CallPolicy.retryable(Status.UNAVAILABLE.asRuntimeException()));

      assertThat(caller.isCancelled()).isFalse();
      assertThat(gaveUp).isTrue();
      assertThat(retried).isFalse();
      assertThat(CallPolicy.callerGaveUp()).isFalse();
      assertThat(CallPolicy.retryable(Status.UNAVAILABLE.asRuntimeException())).isTrue();
      caller.cancel(null);
    } finally {
      held.countDown();
      timer.shutdownNow();
    }
  }
}
