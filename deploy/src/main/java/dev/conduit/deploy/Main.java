package dev.conduit.deploy;

import dev.conduit.deploy.admin.AdminCommand;
import dev.conduit.deploy.local.DependenciesCommand;
import java.util.Arrays;

/** Entry point of {@code deploy/bin/conduit}: dispatches to one command per verb. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int exit;
    try {
      exit =
          switch (args[0]) {
            case "deps" -> DependenciesCommand.run(rest);
            case "schema" -> SchemaCommand.run(new CommandLine(rest));
            case "up" -> UpCommand.run(new CommandLine(rest));
            case "down" -> UpCommand.down(new CommandLine(rest));
            case "admin" -> admin(new CommandLine(rest));
            case "ui" -> UiCommand.run(new CommandLine(rest));
            default -> {
              usage();
              yield 2;
            }
          };
    } catch (IllegalArgumentException | dev.conduit.config.ConfigException e) {
      System.err.println("error: " + e.getMessage());
      exit = 2;
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      exit = 1;
    }
    System.exit(exit);
  }

  private static int admin(CommandLine line) {
    if (!line.positional().isEmpty() && line.positional().get(0).equals("dlq")) {
      // the DLQ is a Kafka topic: read through the cluster's config, not a frontend
      return AdminCommand.runDlq(line.positional(), line.options(),
          () -> line.option("cluster").map(line::clusterConfig).orElseGet(line::config), System.out);
    }
    String address = line.option("address").orElseGet(() -> line.option("cluster")
        .map(cluster -> ClusterConfigs.frontendOf(line.clusterConfig(cluster))).orElse("127.0.0.1:7233"));
    java.util.Map<String, String> options = new java.util.HashMap<>(line.options());
    // verify's other cluster by name, through its shipped config, as --cluster names this one
    line.option("against").ifPresent(other -> options.putIfAbsent("against-address",
        ClusterConfigs.frontendOf(line.clusterConfig(other))));
    return AdminCommand.run(line.positional(), options, address, System.out);
  }

  private static void usage() {
    System.err.println(
        String.join(
            "\n",
            "usage: conduit deps start|stop|status [cassandra|kafka|elasticsearch|consul ...]",
            "       conduit schema setup|update [--config FILE] [--version N]",
            "       conduit up [--config FILE] [--hosts frontend=2,history=3,matching=2] [--warmup SECONDS]"
                + " | up --clusters active,standby[,other]",
            "       conduit down",
            "       conduit ui [start|stop|status] [--port 8080] [--cluster NAME | --address HOST:PORT]",
            AdminCommand.USAGE));
  }
}
