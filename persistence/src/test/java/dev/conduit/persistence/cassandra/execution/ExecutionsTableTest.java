package dev.conduit.persistence.cassandra.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionsTableTest {

  @Test
  void fireTimesRoundUpToTheMillisecondSoTimersNeverFireEarly() {
    Instant exact = Instant.parse("2024-05-01T10:00:00.123Z");
    assertThat(ExecutionsTable.ceilToMillis(exact)).isEqualTo(exact);
    assertThat(ExecutionsTable.ceilToMillis(exact.plusNanos(1))).isEqualTo(Instant.parse("2024-05-01T10:00:00.124Z"));
    assertThat(ExecutionsTable.ceilToMillis(Instant.EPOCH.minusNanos(1))).isEqualTo(Instant.EPOCH);
  }

  @Test
  void everyRowKeyNamesTheWholePrimaryKey() {
    // a conditional batch may only touch rows it names completely; a missing column would silently slice
    for (String key : List.of(ExecutionsTable.SHARD_KEY, ExecutionsTable.EXECUTION_KEY, ExecutionsTable.CURRENT_KEY)) {
      assertThat(key).contains("shard_id =", "type =", "namespace_id =", "workflow_id =", "run_id =", "visibility_ts =", "task_id =");
    }
    assertThat(ExecutionsTable.TRANSFER_PREFIX).contains("visibility_ts =").doesNotContain("task_id");
    assertThat(ExecutionsTable.TIMER_PREFIX).doesNotContain("visibility_ts", "task_id");
  }

  @Test
  void blobsRoundTripAndAbsentBlobsReadAsEmpty() {
    assertThat(ExecutionsTable.bytes(ExecutionsTable.blob(new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
    assertThat(ExecutionsTable.bytes(null)).isEmpty();
  }
}
