package dev.conduit.history.shard;

import dev.conduit.membership.MembershipMonitor;
import dev.conduit.membership.Member;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns which history shard: each host takes the shards whose key {@code "<shardId>"} the history ring (Consul
 * membership, {@link MembershipMonitor}) assigns to it, and gives up the others, on every membership change and
 * every few seconds, so a shard lost to fencing is taken back once the ring still names this host. Acquiring
 * bumps the shard's range id, which fences the previous owner (invariant 1): its next write fails and it stops
 * serving the shard at once.
 *
 * <p>How fast shards move when a host dies is bounded by the Consul health check of its registration
 * ({@code consul.healthCheckInterval}): once the check fails the ring drops the host and the new owners take its
 * shards within one Consul watch round trip.
 */
public final class ShardOwnership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardOwnership.class);
  private static final long RECONCILE_SECONDS = 5;

  private final ShardController shards;
  private final MembershipMonitor ring;
  private final String self;
  private final int numShards;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shard-ownership");
        thread.setDaemon(true);
        return thread;
      });

  public ShardOwnership(ShardController shards, MembershipMonitor ring, String self, int numShards) {
    this.shards = shards;
    this.ring = ring;
    this.self = self;
    this.numShards = numShards;
  }

  public ShardOwnership start() {
    ring.addListener((change, hashRing) -> timer.execute(this::reconcile));
    shards.onShardLost(shard -> timer.schedule(this::reconcile, RECONCILE_SECONDS, TimeUnit.SECONDS));
    timer.scheduleWithFixedDelay(this::reconcile, 0, RECONCILE_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  private void reconcile() {
    try {
      Set<Integer> mine = new HashSet<>();
      for (int shard = 0; shard < numShards; shard++) {
        if (ring.owner(Integer.toString(shard)).map(Member::id).filter(self::equals).isPresent()) {
          mine.add(shard);
        }
      }
      if (!mine.equals(shards.ownedShards())) {
        log.info("history {} now owns shards {}", self, mine);
        shards.setOwnedShards(mine);
      }
    } catch (RuntimeException e) {
      log.warn("cannot reconcile shard ownership; retrying in {} s", RECONCILE_SECONDS, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
