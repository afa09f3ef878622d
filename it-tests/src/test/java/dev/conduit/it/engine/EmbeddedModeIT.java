package dev.conduit.it.engine;

import dev.conduit.it.support.TestCluster;
import org.junit.jupiter.api.BeforeAll;

/** Hello world with frontend, history and matching together in one JVM (the embedded dev mode). */
class EmbeddedModeIT extends HelloWorldScenario {

  @BeforeAll
  static void startEmbedded() {
    startWith(TestCluster.startEmbedded());
  }
}
