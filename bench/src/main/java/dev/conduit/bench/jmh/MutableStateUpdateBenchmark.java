package dev.conduit.bench.jmh;

import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A mutable-state update as a history RPC makes it: copy the committed state into a
 * {@link WorkflowTransaction}, run the state machines, finish, and produce the blobs the shard writes
 * (the new state and the event batch). Persistence itself is left out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MutableStateUpdateBenchmark {
  private final AtomicLong ids = new AtomicLong();
  private MutableStateRecord beforeWorkflowTaskCompleted;
  private MutableStateRecord beforeActivityCompleted;

  @Setup
  public void setUp() {
    List<WorkflowTransaction> run = HelloWorldRun.run("bench-update");
    beforeWorkflowTaskCompleted = run.get(1).state().snapshot();
    beforeActivityCompleted = run.get(3).state().snapshot();
  }

  /** RespondWorkflowTaskCompleted with one ScheduleActivityTask command. */
  @Benchmark
  public int workflowTaskCompletedSchedulingAnActivity() {
    return commit(HelloWorldRun.STEPS.get(1), beforeWorkflowTaskCompleted);
  }

  /** RespondActivityTaskCompleted: the result event and a new workflow task. */
  @Benchmark
  public int activityTaskCompleted() {
    return commit(HelloWorldRun.STEPS.get(3), beforeActivityCompleted);
  }

  /** All seven state changes of a hello-world run, from start to completion. */
  @Benchmark
  public int wholeHelloWorldRun() {
    int bytes = 0;
    for (WorkflowTransaction tx : HelloWorldRun.run("bench-" + ids.incrementAndGet())) {
      bytes += blobs(tx);
    }
    return bytes;
  }

  private static int commit(Function<MutableStateRecord, WorkflowTransaction> step, MutableStateRecord committed) {
    return blobs(step.apply(committed));
  }

  /** What the shard would write for the transaction. */
  private static int blobs(WorkflowTransaction tx) {
    return tx.state().snapshot().toByteArray().length + Events.encodeBatch(tx.events()).length;
  }
}
