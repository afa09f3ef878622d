package dev.conduit.deploy;

import dev.conduit.deploy.local.LocalDependencies;
import dev.conduit.deploy.local.LocalLayout;
import dev.conduit.deploy.local.WebUi;

/**
 * {@code conduit ui [start|stop|status] [--port N] [--cluster NAME | --address HOST:PORT]}: Temporal's Web UI for a
 * cluster's frontend (by default the one of {@code deploy/config/development.yaml}), built on first use.
 */
final class UiCommand {
  private UiCommand() {}

  static int run(CommandLine line) {
    String verb = line.positional().isEmpty() ? "start" : line.positional().get(0);
    int port = line.option("port").map(Integer::parseInt).orElse(WebUi.DEFAULT_PORT);
    String frontend = line.option("address").orElseGet(() -> ClusterConfigs.frontendOf(
        line.option("cluster").map(line::clusterConfig).orElseGet(line::config)));
    WebUi ui = new WebUi(LocalLayout.fromEnvironment(), port, frontend);
    switch (verb) {
      case "start" -> {
        System.out.println(ui.start(LocalDependencies.DEFAULT_START_TIMEOUT));
        System.out.println("Temporal Web UI for the frontend at " + frontend + ": " + ui.endpoint());
      }
      case "stop" -> System.out.println(ui.stop());
      case "status" -> System.out.println(ui.status());
      default -> throw new IllegalArgumentException("unknown ui command '" + verb + "' (start, stop or status)");
    }
    return 0;
  }
}
