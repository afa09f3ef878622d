package dev.conduit.it.engine;

import dev.conduit.it.support.TestCluster;
import org.junit.jupiter.api.BeforeAll;

/** Hello world through frontend, history and matching, each its own process. */
class HelloWorldIT extends HelloWorldScenario {

  @BeforeAll
  static void startProcesses() {
    startWith(TestCluster.start());
  }
}
