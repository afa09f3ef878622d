package dev.conduit.deploy.local;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code deps start|stop|status [server...]}: the shell face of {@link LocalDependencies}. With no server
 * named it acts on all of them. Exit code 0 on success, 1 when a server could not be started, 2 on usage
 * errors.
 */
public final class DependenciesCommand {
  private DependenciesCommand() {}

  public static int run(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: deps start|stop|status [" + String.join("|", new LocalDependencies(LocalLayout.fromEnvironment()).names()) + " ...]");
      return 2;
    }
    LocalDependencies dependencies = LocalDependencies.fromEnvironment();
    List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : dependencies.names();
    try {
      List<ServerStatus> statuses =
          switch (args[0]) {
            case "start" -> dependencies.start(names, startTimeout());
            case "stop" -> dependencies.stop(names);
            case "status" -> dependencies.status(names);
            default -> throw new IllegalArgumentException("unknown action '" + args[0] + "': use start, stop or status");
          };
      statuses.forEach(System.out::println);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (DependencyUnavailableException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static Duration startTimeout() {
    String seconds = System.getenv("CONDUIT_START_TIMEOUT_SECONDS");
    return seconds == null ? LocalDependencies.DEFAULT_START_TIMEOUT : Duration.ofSeconds(Long.parseLong(seconds));
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
