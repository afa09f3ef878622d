package dev.conduit.bench.jmh;

import dev.conduit.history.workflow.Events;
import dev.conduit.history.workflow.MutableState;
import dev.conduit.history.workflow.WorkflowTransaction;
import dev.conduit.proto.persistence.v1.MutableStateRecord;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Encoding and decoding what history writes for a hello-world run: the event batches ({@code history_node}
 * blobs) and the mutable-state blob, as {@link Events} and {@link MutableState} do it on every write and
 * every cache miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HistoryEventSerializationBenchmark {
  private List<HistoryEvent> history;
  private List<HistoryEvent> firstBatch;
  private byte[] historyBytes;
  private MutableStateRecord stateWithActivity;
  private byte[] stateBytes;

  @Setup
  public void setUp() {
    List<WorkflowTransaction> run = HelloWorldRun.run("bench-serialization");
    history = run.stream().flatMap(tx -> tx.events().stream()).toList();
    firstBatch = run.get(0).events();
    historyBytes = Events.encodeBatch(history);
    // after the ScheduleActivityTask command: a pending activity, the largest state of the run
    stateWithActivity = run.get(2).state().snapshot();
    stateBytes = stateWithActivity.toByteArray();
  }

  /** The first batch (WorkflowExecutionStarted, WorkflowTaskScheduled), written by every start. */
  @Benchmark
  public byte[] encodeStartBatch() {
    return Events.encodeBatch(firstBatch);
  }

  /** The whole 11-event history as one batch. */
  @Benchmark
  public byte[] encodeHelloWorldHistory() {
    return Events.encodeBatch(history);
  }

  /** Reading the whole history back, as GetWorkflowExecutionHistory and a cache miss do. */
  @Benchmark
  public List<HistoryEvent> decodeHelloWorldHistory() {
    return Events.decodeBatch(historyBytes);
  }

  @Benchmark
  public byte[] encodeMutableState() {
    return stateWithActivity.toByteArray();
  }

  @Benchmark
  public MutableState decodeMutableState() {
    return MutableState.decode(stateBytes);
  }
}
