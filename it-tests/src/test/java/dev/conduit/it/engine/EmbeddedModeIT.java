package dev.conduit.it.engine;

import dev.conduit.it.support.TestCluster;
import org.junit.jupiter.api.BeforeAll;

/** Hello world with frontend, history and matching together in one JVM (the embedded dev mode). */
class EmbeddedModeIT extends HelloWorldIT {

  // hides HelloWorldIT's: JUnit runs only the subclass's static @BeforeAll of the same signature
  @BeforeAll
  static void startCluster() {
    startWith(TestCluster.startEmbedded());
  }
}
