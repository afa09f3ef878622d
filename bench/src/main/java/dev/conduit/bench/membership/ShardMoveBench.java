package dev.conduit.bench.membership;

import dev.conduit.history.shard.ShardPlacement;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.DescribeMembershipRequest;
import dev.conduit.proto.admin.v1.DescribeMembershipResponse;
import dev.conduit.proto.admin.v1.HistoryHostInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench shard-move [--target HOST:PORT] [--kills N] [--hosts N] [--state DIR] [--cluster NAME]}: how long the
 * history shards of a host killed with SIGKILL take to be served again by the others. Runs against a cluster started
 * with {@code deploy/bin/conduit up --hosts history=N}: each round waits until every shard is served once, kills
 * history host 2 or 3 (alternately) by the pid file under {@code --state} ({@code $CONDUIT_HOME/state}), polls the
 * admin API's membership view every 20 ms until the remaining hosts serve every shard once, by the ring's owner, and
 * restarts the host with {@code deploy/bin/conduit up --hosts history=N}. Prints each round and p50/max.
 */
public final class ShardMoveBench {
  private ShardMoveBench() {}

  public static void run(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String target = options.getOrDefault("target", "127.0.0.1:7233");
    int kills = Integer.parseInt(options.getOrDefault("kills", "5"));
    int hosts = Integer.parseInt(options.getOrDefault("hosts", "3"));
    String cluster = options.getOrDefault("cluster", "active");
    Path state = Path.of(options.getOrDefault("state", defaultState()));
    String root = System.getProperty("bench.root", ".");
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    AdminServiceGrpc.AdminServiceBlockingStub admin = AdminServiceGrpc.newBlockingStub(channel);
    List<Long> moves = new ArrayList<>();
    try {
      for (int round = 0; round < kills; round++) {
        awaitServedOnce(admin, hosts, 120_000);
        int victim = 2 + round % 2;
        String name = cluster + "-history-" + victim;
        long pid = Long.parseLong(Files.readString(state.resolve(name).resolve(name + ".pid")).strip());
        DescribeMembershipResponse before = admin.describeMembership(DescribeMembershipRequest.getDefaultInstance());
        List<Integer> shards = before.getHistoryHostsList().stream().filter(h -> h.getAddress().startsWith("127.0.0." + victim + ":"))
            .findFirst().map(HistoryHostInfo::getOwnedShardsList).orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") does not run"));
        long killedAt = System.nanoTime();
        process.destroyForcibly();
        long movedAt = awaitServedOnce(admin, hosts - 1, 120_000);
        long millis = TimeUnit.NANOSECONDS.toMillis(movedAt - killedAt);
        moves.add(millis);
        System.out.printf("round %d: killed %s (pid %d) serving shards %s; served again by the others after %d ms%n",
            round + 1, name, pid, shards, millis);
        Process up = new ProcessBuilder(root + "/deploy/bin/conduit", "up", "--hosts", "history=" + hosts)
            .directory(Path.of(root).toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (up.waitFor() != 0) {
          throw new IllegalStateException("conduit up --hosts history=" + hosts + " failed");
        }
      }
      awaitServedOnce(admin, hosts, 120_000);
    } finally {
      channel.shutdownNow();
    }
    List<Long> sorted = new ArrayList<>(moves);
    Collections.sort(sorted);
    System.out.printf("shards of a killed history host served again: p50 %d ms, max %d ms over %d kills%n",
        sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1), sorted.size());
  }

  /** Polls until {@code hosts} history hosts answer and every shard is served once, by its ring owner; returns nanoTime. */
  private static long awaitServedOnce(AdminServiceGrpc.AdminServiceBlockingStub admin, int hosts, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      try {
        DescribeMembershipResponse membership = admin.withDeadlineAfter(2, TimeUnit.SECONDS)
            .describeMembership(DescribeMembershipRequest.getDefaultInstance());
        if (membership.getHistoryHostsCount() == hosts && ShardPlacement.problems(membership).isEmpty()) {
          return System.nanoTime();
        }
      } catch (RuntimeException e) {
        // the frontend may be busy re-routing; ask again
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("shards not served once by " + hosts + " hosts within " + timeoutMillis + " ms");
  }

  private static String defaultState() {
    String home = System.getenv("CONDUIT_HOME");
    if (home == null) {
      home = "root".equals(System.getProperty("user.name")) ? "/var/lib/conduit" : System.getProperty("user.home") + "/.conduit";
    }
    return home + "/state";
  }
}
