package dev.conduit.it.visibility;

import dev.conduit.it.support.SdkHarness;
import dev.conduit.it.visibility.VisibilityIT.FinishingImpl;
import dev.conduit.it.visibility.VisibilityIT.UpsertingImpl;
import dev.conduit.it.visibility.VisibilityIT.WaitingImpl;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One cluster with the advanced visibility store and a worker for the visibility test classes, as a JUnit extension
 * ({@code @RegisterExtension static final VisibilityCluster cluster = new VisibilityCluster();}): the first class
 * starts it, the others share it (a cluster costs half a minute of the run), and it stops when the run ends.
 */
final class VisibilityCluster implements BeforeAllCallback {
  private Started started;

  private static final class Started implements ExtensionContext.Store.CloseableResource {
    final SdkHarness sdk = SdkHarness.onNewClusterWithVisibility();
    final String taskQueue = SdkHarness.taskQueue("visibility");

    Started() {
      sdk.startWorker(taskQueue, worker -> worker.registerWorkflowImplementationTypes(FinishingImpl.class,
          WaitingImpl.class, UpsertingImpl.class, VisibilityIT.ContinuingImpl.class));
    }

    @Override
    public void close() {
      sdk.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    started = context.getRoot().getStore(ExtensionContext.Namespace.create(VisibilityCluster.class))
        .getOrComputeIfAbsent("cluster", key -> new Started(), Started.class);
  }

  SdkHarness sdk() {
    return started.sdk;
  }

  /** The task queue the shared worker polls. */
  String taskQueue() {
    return started.taskQueue;
  }
}
