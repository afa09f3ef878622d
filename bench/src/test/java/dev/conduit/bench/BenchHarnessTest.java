package dev.conduit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conduit.bench.report.BenchReport;
import dev.conduit.bench.report.JsonReport;
import dev.conduit.bench.report.PhaseResult;
import dev.conduit.bench.report.TargetReport;
import io.temporal.testserver.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end on a tiny load: Temporal's in-memory test server runs in this JVM on a loopback
 * port, and the harness measures it through the SDK like any other server. Checks that workflows
 * completed with correct results and that the JSON report has every field the docs quote.
 */
class BenchHarnessTest {
  private static int port;
  private static TestServer.PortBoundTestServer server;

  @TempDir
  Path out;

  @BeforeAll
  static void startServer() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tinyRunCompletesWorkflowsWithCorrectResultsAndWritesTheReport() throws Exception {
    BenchOptions options = BenchOptions.parse("--target", "127.0.0.1:" + port, "--target-name", "in-memory",
        "--processes", "none", "--cassandra", "none", "--concurrency", "3", "--activities", "2", "--warmup", "300ms",
        "--duration", "800ms", "--sequential", "600ms", "--step-duration", "500ms", "--max-steps", "2",
        "--rate-start", "5", "--out", out.toString());
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    Bench.Outcome outcome = new Bench(options, new PrintStream(log, true, StandardCharsets.UTF_8)).run("test");

    TargetReport target = outcome.report().targets().get(0);
    assertThat(target.errors()).as("errors; log:%n%s", log).isZero();
    for (PhaseResult phase : List.of(target.throughput(), target.throughputActivities(), target.sequential())) {
      assertThat(phase.completed()).as(phase.name()).isGreaterThanOrEqualTo(3);
      assertThat(phase.throughput()).as(phase.name()).isPositive();
      assertThat(phase.latency().p50Ms()).as(phase.name()).isPositive();
    }
    assertThat(target.openLoop().steps()).isNotEmpty();
    assertThat(target.rpcsPerWorkflow()).containsKeys("StartWorkflowExecution", "PollWorkflowTaskQueue");
    assertThat(target.processes()).extracting("name").containsExactly(TargetReport.HARNESS_PROCESS);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("in-memory throughput: started");

    JsonNode json = new ObjectMapper().readTree(outcome.json().toFile());
    assertThat(json.path("machine").path("cpus").asInt()).isPositive();
    JsonNode t = json.path("targets").get(0);
    for (String phase : List.of("throughput", "throughputActivities", "sequential")) {
      for (String field : List.of("throughput", "completed", "errors", "started")) {
        assertThat(t.path(phase).has(field)).as(phase + "." + field).isTrue();
      }
      for (String field : List.of("p50Ms", "p90Ms", "p99Ms", "maxMs")) {
        assertThat(t.path(phase).path("latency").has(field)).as(phase + ".latency." + field).isTrue();
      }
    }
    for (String field : List.of("steps", "kneeRate", "kneeP99Ms", "breakReason", "latencyLimitMs")) {
      assertThat(t.path("openLoop").has(field)).as("openLoop." + field).isTrue();
    }
    assertThat(t.path("processes").get(0).has("cpuSeconds")).isTrue();
    assertThat(t.path("processes").get(0).has("peakRssMb")).isTrue();
    assertThat(json.path("figures").size()).isGreaterThanOrEqualTo(8);
    assertThat(json.path("figures").get(0).has("ratio")).isTrue();
    assertThat(Files.exists(out.resolve("latest.json"))).isTrue();
    assertThat(Files.readString(out.resolve("latest.md"))).contains("| hello-world throughput (workflows/s) |");
    if (outcome.chart() != null) {
      assertThat(Files.size(outcome.chart())).isPositive();
    }

    BenchReport reread = JsonReport.read(outcome.json());
    assertThat(reread.targets().get(0).throughput().completed()).isEqualTo(target.throughput().completed());
  }
}
