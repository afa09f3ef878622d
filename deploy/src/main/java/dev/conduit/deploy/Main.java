package dev.conduit.deploy;

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
    int exit =
        switch (args[0]) {
          case "deps" -> DependenciesCommand.run(rest);
          default -> {
            usage();
            yield 2;
          }
        };
    System.exit(exit);
  }

  private static void usage() {
    System.err.println(
        "usage: conduit deps start|stop|status [server...]");
  }
}
