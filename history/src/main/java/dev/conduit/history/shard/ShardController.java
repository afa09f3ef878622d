package dev.conduit.history.shard;

import dev.conduit.history.visibility.VisibilitySink;
import dev.conduit.common.ShardIds;
import dev.conduit.history.HistoryConfig;
import dev.conduit.history.NamespaceLookup;
import dev.conduit.history.replication.StandbyResend;
import dev.conduit.history.client.HistoryPeerClient;
import dev.conduit.history.client.MatchingClient;
import dev.conduit.history.errors.ShardNotOwnedException;
import dev.conduit.persistence.execution.ExecutionStore;
import dev.conduit.persistence.execution.ShardStore;
import dev.conduit.proto.history.v1.ShardQueueState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shards this host serves. Whoever decides ownership (membership, or a fixed set) calls
 * {@link #setOwnedShards}; requests find their shard through {@link #shardFor}. A shard that lost its
 * fence stops itself and leaves the set; the listener hears of it so ownership can be re-decided.
 */
public final class ShardController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardController.class);
  /** Encoded history batches the host keeps of what it wrote last, over all its shards (see {@link EventsCache}). */
  static final long EVENTS_CACHE_BYTES = 8L * 1024 * 1024;
  /** The latest batches kept of one branch: a run's recent workflow tasks. */
  static final int EVENTS_CACHE_BATCHES_PER_BRANCH = 32;

  private final int numShards;
  private final String hostIdentity;
  private final ShardStore shardStore;
  private final ExecutionStore executionStore;
  private final NamespaceLookup namespaces;
  private final MatchingClient matching;
  private final HistoryPeerClient peers;
  private final VisibilitySink visibility;
  private final HistoryConfig config;
  private final Clock clock;
  private final ScheduledExecutorService pool;
  private final Map<Integer, ShardContext> shards = new ConcurrentHashMap<>();
  private final EventsCache eventsCache = new EventsCache(EVENTS_CACHE_BYTES, EVENTS_CACHE_BATCHES_PER_BRANCH);
  private volatile IntConsumer shardLostListener = id -> { };
  private volatile StandbyResend standbyResend = StandbyResend.NONE;

  /**
   * @param pool runs the shards' queue processors; null leaves the queues to be driven by hand (tests)
   */
  public ShardController(int numShards, String hostIdentity, ShardStore shardStore, ExecutionStore executionStore,
      NamespaceLookup namespaces, MatchingClient matching, HistoryConfig config, Clock clock,
      ScheduledExecutorService pool) {
    this(numShards, hostIdentity, shardStore, executionStore, namespaces, matching, HistoryPeerClient.unavailable(),
        config, clock, pool);
  }

  /**
   * @param peers the other history shards' client (children, external signals and cancels)
   * @param pool runs the shards' queue processors; null leaves the queues to be driven by hand (tests)
   */
  public ShardController(int numShards, String hostIdentity, ShardStore shardStore, ExecutionStore executionStore,
      NamespaceLookup namespaces, MatchingClient matching, HistoryPeerClient peers, HistoryConfig config, Clock clock,
      ScheduledExecutorService pool) {
    this(numShards, hostIdentity, shardStore, executionStore, namespaces, matching, peers, VisibilitySink.NONE,
        config, clock, pool);
  }

  /**
   * @param peers the other history shards' client (children, external signals and cancels)
   * @param visibility where the visibility tasks publish the runs' records
   * @param pool runs the shards' queue processors; null leaves the queues to be driven by hand (tests)
   */
  public ShardController(int numShards, String hostIdentity, ShardStore shardStore, ExecutionStore executionStore,
      NamespaceLookup namespaces, MatchingClient matching, HistoryPeerClient peers, VisibilitySink visibility,
      HistoryConfig config, Clock clock, ScheduledExecutorService pool) {
    if (numShards < 1) {
      throw new IllegalArgumentException("numShards must be at least 1");
    }
    this.numShards = numShards;
    this.hostIdentity = hostIdentity;
    this.shardStore = shardStore;
    this.executionStore = executionStore;
    this.namespaces = namespaces;
    this.matching = matching;
    this.peers = peers;
    this.visibility = visibility;
    this.config = config;
    this.clock = clock;
    this.pool = pool;
  }

  public int numShards() {
    return numShards;
  }

  /** How the shards' standby tasks ask the active cluster for events they waited on too long (none by default). */
  public void resendMissingEvents(StandbyResend resend) {
    this.standbyResend = resend;
  }

  /** Called with the shard id when a shard stops because another host took it. */
  public void onShardLost(IntConsumer listener) {
    this.shardLostListener = listener;
  }

  /** Acquires shards newly in {@code owned} and releases those no longer in it. */
  public synchronized void setOwnedShards(Set<Integer> owned) {
    for (Integer id : Set.copyOf(shards.keySet())) {
      if (!owned.contains(id)) {
        release(id);
      }
    }
    for (Integer id : new TreeSet<>(owned)) {
      if (id < 0 || id >= numShards) {
        throw new IllegalArgumentException("shard " + id + " is outside 0.." + (numShards - 1));
      }
      if (!shards.containsKey(id)) {
        acquire(id);
      }
    }
  }

  /** Takes one shard (fencing any previous owner). */
  public synchronized ShardContext acquire(int shardId) {
    ShardContext existing = shards.get(shardId);
    if (existing != null && existing.isOwned()) {
      return existing;
    }
    ShardContext shard = new ShardContext(shardId, hostIdentity, shardStore, executionStore, namespaces, matching,
        peers, visibility, config, clock, this::stopped, () -> standbyResend, eventsCache);
    shard.acquire(pool);
    shards.put(shardId, shard);
    return shard;
  }

  public synchronized void release(int shardId) {
    ShardContext shard = shards.remove(shardId);
    if (shard != null) {
      shard.stop("released");
    }
  }

  /** This host's identity, as it records itself as a shard's owner. */
  public String hostIdentity() {
    return hostIdentity;
  }

  /** The shards served here, in ascending order. */
  public Set<Integer> ownedShards() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(shards.keySet()));
  }

  /** Where the queues of each shard served here stand, ascending by shard. */
  public List<ShardQueueState> queueStates() {
    List<ShardQueueState> states = new ArrayList<>();
    for (int shardId : ownedShards()) {
      ShardContext shard = shards.get(shardId);
      if (shard != null) {
        states.add(shard.queueState());
      }
    }
    return states;
  }

  public int shardIdFor(String namespaceId, String workflowId) {
    return ShardIds.shardOf(namespaceId, workflowId, numShards);
  }

  /** The serving shard of a workflow, or {@link ShardNotOwnedException}. */
  public ShardContext shardFor(String namespaceId, String workflowId) {
    return shard(shardIdFor(namespaceId, workflowId));
  }

  public ShardContext shard(int shardId) {
    ShardContext shard = shards.get(shardId);
    if (shard == null || !shard.isOwned()) {
      throw new ShardNotOwnedException(shardId, "not acquired by " + hostIdentity);
    }
    return shard;
  }

  private void stopped(ShardContext shard) {
    if (shards.remove(shard.shardId(), shard)) {
      log.warn("shard {} left this host", shard.shardId());
      shardLostListener.accept(shard.shardId());
    }
  }

  @Override
  public synchronized void close() {
    for (Integer id : Set.copyOf(shards.keySet())) {
      release(id);
    }
  }
}
