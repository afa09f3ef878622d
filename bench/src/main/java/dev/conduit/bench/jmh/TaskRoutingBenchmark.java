package dev.conduit.bench.jmh;

import dev.conduit.common.ShardIds;
import dev.conduit.membership.HashRing;
import dev.conduit.membership.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing a request to its owner, as every frontend and matching call does: the workflow's history
 * shard ({@link ShardIds}), the shard's owner on the history ring, and a task queue's owner on the
 * matching ring ({@link HashRing}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskRoutingBenchmark {
  private static final int KEYS = 1024;

  @Param({"3", "12"})
  public int members;

  private HashRing ring;
  private String[] workflowIds;
  private String[] taskQueueKeys;
  private int next;

  @Setup
  public void setUp() {
    List<Member> hosts = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      hosts.add(new Member("host-" + i, "10.0.0." + (i + 1), 7234));
    }
    ring = HashRing.of(hosts);
    workflowIds = new String[KEYS];
    taskQueueKeys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      workflowIds[i] = "order-" + i + "-" + Integer.toHexString(i * 7919);
      taskQueueKeys[i] = HelloWorldRun.NAMESPACE.id() + "/queue-" + (i % 64) + "/" + (i % 2);
    }
  }

  @Benchmark
  public int shardOfWorkflow() {
    return ShardIds.shardOf(HelloWorldRun.NAMESPACE.id(), workflowIds[next++ & (KEYS - 1)], 512);
  }

  /** The shard, then its history host: what routing a workflow request costs. */
  @Benchmark
  public Member historyOwnerOfWorkflow() {
    int shard = ShardIds.shardOf(HelloWorldRun.NAMESPACE.id(), workflowIds[next++ & (KEYS - 1)], 512);
    return ring.owner(Integer.toString(shard)).orElseThrow();
  }

  @Benchmark
  public Member matchingOwnerOfTaskQueue() {
    return ring.owner(taskQueueKeys[next++ & (KEYS - 1)]).orElseThrow();
  }
}
