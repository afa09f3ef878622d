package dev.conduit.deploy.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code conduit admin ...}: the operator's commands over a frontend's admin service. The frontend is
 * {@code --address HOST:PORT} (default {@code 127.0.0.1:7233}); answers print as tables, or as JSON with
 * {@code --output json}. Usage errors exit 2, refused or failed calls 1, with the server's message.
 */
public final class AdminCommand {
  public static final String USAGE = String.join("\n",
      "       conduit admin [--cluster NAME | --address HOST:PORT] [--output table|json] clusters list",
      "       conduit admin ... clusters describe [NAME]",
      "       conduit admin ... namespaces describe NAME",
      "       conduit admin ... namespaces failover NAME --to CLUSTER [--graceful [--timeout 30s]]",
      "       conduit admin ... membership describe",
      "       conduit admin ... replication status",
      "       conduit admin ... replication verify NAMESPACE --against CLUSTER|--against-address HOST:PORT [--histories N]",
      "       conduit admin [--cluster NAME | --config FILE] [--output table|json] dlq [--queue replication|visibility]"
          + " read [--limit N] | purge | merge");

  private AdminCommand() {}

  /**
   * Runs one admin command. {@code positional} are the words after {@code admin}; {@code options} the
   * {@code --name value} pairs; {@code address} the frontend to ask. Returns the exit code; prints to {@code out}.
   */
  public static int run(List<String> positional, Map<String, String> options, String address, java.io.PrintStream out) {
    boolean json = switch (options.getOrDefault("output", "table")) {
      case "table" -> false;
      case "json" -> true;
      default -> throw new IllegalArgumentException("--output is table or json, not '" + options.get("output") + "'");
    };
    if (positional.size() < 2) {
      throw new IllegalArgumentException("say what to do, e.g. 'conduit admin clusters list'\nusage:\n" + USAGE);
    }
    String verb = positional.get(0) + " " + positional.get(1);
    boolean verified = true;
    List<String> args = positional.subList(2, positional.size());
    try (AdminClient client = AdminClient.connect(address)) {
      String text = switch (verb) {
        case "clusters list" -> show(json, client.listClusters(), AdminViews::clusters);
        case "clusters describe" -> show(json, client.describeCluster(optional(args, "cluster").orElse("")), AdminViews::cluster);
        case "namespaces describe" -> show(json, client.describeNamespace(required(args, "namespace")), AdminViews::namespace);
        case "namespaces failover" -> {
          String target = Optional.ofNullable(options.get("to")).orElseThrow(() -> new IllegalArgumentException(
              "namespaces failover needs --to CLUSTER, the cluster to make active"));
          String namespace = required(args, "namespace");
          if (options.containsKey("timeout") && !options.containsKey("graceful")) {
            throw new IllegalArgumentException("--timeout is the handover timeout of a --graceful failover");
          }
          yield show(json, options.containsKey("graceful")
              ? client.gracefulFailover(namespace, target, duration(options.getOrDefault("timeout", "30s")))
              : client.failover(namespace, target), AdminViews::failover);
        }
        case "membership describe" -> show(json, client.membership(), AdminViews::membership);
        case "replication status" -> show(json, client.replicationStatus(), AdminViews::replication);
        case "replication verify" -> {
          String against = Optional.ofNullable(options.get("against-address")).orElseThrow(() -> new IllegalArgumentException(
              "replication verify needs --against CLUSTER (or --against-address HOST:PORT), the cluster to compare with"));
          try (AdminClient other = AdminClient.connect(against)) {
            ReplicationVerify.Report report = ReplicationVerify.verify(client, other, required(args, "namespace"),
                Integer.parseInt(options.getOrDefault("histories", "200")));
            verified = report.identical();
            yield json ? AdminViews.verifyJson(report) : AdminViews.verify(report);
          }
        }
        default -> throw new IllegalArgumentException("unknown admin command '" + verb + "'\nusage:\n" + USAGE);
      };
      out.print(text.endsWith("\n") ? text : text + "\n");
    }
    // a verify that found differences exits 3, so that scripts can tell it from a failed call (1)
    return verified ? 0 : 3;
  }

  /**
   * {@code conduit admin dlq [--queue replication|visibility] read|purge|merge}: the replication DLQ (default) or the
   * visibility indexer's DLQ of the cluster {@code config} names (Kafka, not a frontend). Read lists the parked tasks
   * not yet purged or merged; purge drops them; merge puts them back on the queue's topic to be applied again.
   */
  public static int runDlq(List<String> positional, Map<String, String> options,
      java.util.function.Supplier<dev.conduit.config.ClusterConfig> config, java.io.PrintStream out) {
    boolean json = switch (options.getOrDefault("output", "table")) {
      case "table" -> false;
      case "json" -> true;
      default -> throw new IllegalArgumentException("--output is table or json, not '" + options.get("output") + "'");
    };
    if (positional.size() != 2) {
      throw new IllegalArgumentException("say what to do with the DLQ: read, purge or merge\nusage:\n" + USAGE);
    }
    int limit = Integer.parseInt(options.getOrDefault("limit", "100"));
    DeadLetters.Queue queue = DeadLetters.Queue.named(options.getOrDefault("queue", "replication"));
    try (DeadLetters dlq = DeadLetters.of(config.get(), queue)) {
      String text = switch (positional.get(1)) {
        case "read" -> {
          List<DeadLetters.Letter> letters = dlq.read(limit);
          yield json ? AdminViews.lettersJson(letters) : AdminViews.letters(dlq.dlqTopic(), letters);
        }
        case "purge" -> {
          int dropped = dlq.purge();
          yield json ? "{\"purged\": " + dropped + "}" : "purged " + dropped + " task(s) from " + dlq.dlqTopic();
        }
        case "merge" -> {
          int merged = dlq.merge();
          yield json ? "{\"merged\": " + merged + "}"
              : "merged " + merged + " task(s) from " + dlq.dlqTopic() + " back into " + queue.name().toLowerCase();
        }
        default -> throw new IllegalArgumentException("unknown dlq command '" + positional.get(1) + "'\nusage:\n" + USAGE);
      };
      out.print(text.endsWith("\n") ? text : text + "\n");
    }
    return 0;
  }

  private static <M extends com.google.protobuf.MessageOrBuilder> String show(boolean json, M message, Function<M, String> table) {
    return json ? AdminViews.json(message) : table.apply(message);
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}. */
  static java.time.Duration duration(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s or 2m");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> java.time.Duration.ofMillis(amount);
      case "s" -> java.time.Duration.ofSeconds(amount);
      default -> java.time.Duration.ofMinutes(amount);
    };
  }

  private static String required(List<String> args, String what) {
    return optional(args, what).orElseThrow(() -> new IllegalArgumentException("say which " + what + "\nusage:\n" + USAGE));
  }

  private static Optional<String> optional(List<String> args, String what) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("one " + what + " only, got " + args);
    }
    return args.stream().findFirst();
  }
}
