package dev.conduit.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One plain cluster ({@link TestCluster#start()}) shared by the test classes that register this extension, because
 * starting a cluster costs about half a minute of the run: the first class starts it, every class gets an
 * {@link SdkHarness} on it whose {@code close()} stops only that class's workers, and the cluster closes (with its
 * replay-equivalence check over every run the classes made) when the whole run ends. Classes that stop processes,
 * change dynamic config or count what a cluster holds start their own cluster instead. Tests on it use task queues
 * and workflow ids of their own ({@link SdkHarness#taskQueue}).
 *
 * <pre>{@code @RegisterExtension static final SharedCluster shared = new SharedCluster();
 * @BeforeAll static void start() { sdk = shared.harness(); ... }}</pre>
 */
public final class SharedCluster implements BeforeAllCallback {
  private SdkHarness harness;

  /** The running shared cluster, stopped when JUnit closes the root store at the end of the run. */
  private static final class Started implements ExtensionContext.Store.CloseableResource {
    final SdkHarness owner = SdkHarness.onNewCluster();

    @Override
    public void close() {
      owner.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Started started = context.getRoot().getStore(ExtensionContext.Namespace.create(SharedCluster.class))
        .getOrComputeIfAbsent(Started.class, key -> new Started(), Started.class);
    harness = started.owner.borrowed();
  }

  /** This class's harness on the shared cluster; available from the class's {@code @BeforeAll} on. */
  public SdkHarness harness() {
    if (harness == null) {
      throw new IllegalStateException("register SharedCluster with @RegisterExtension on a static field");
    }
    return harness;
  }
}
