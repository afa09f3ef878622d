package dev.conduit.deploy.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kafka from the {@code org.apache.kafka:kafka_2.13} artifact in KRaft mode: one node that is both broker
 * and controller on loopback. Storage is formatted once with a random cluster id.
 */
final class KafkaServer extends ProcessServer {
  private static final String SLF4J_BINDING = "org.slf4j:slf4j-reload4j:1.7.36";

  private final ArtifactResolver resolver;
  private final String version;
  private final int brokerPort;
  private final int controllerPort;
  private final int heapMb;
  private List<Path> classpath;

  KafkaServer(LocalLayout layout, ArtifactResolver resolver, String version, int brokerPort, int controllerPort, int heapMb) {
    super(layout, "kafka");
    this.resolver = resolver;
    this.version = version;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.heapMb = heapMb;
  }

  @Override
  public String endpoint() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  protected String marker() {
    return propertiesFile().toString();
  }

  private Path propertiesFile() {
    return stateDir().resolve("conf").resolve("server.properties");
  }

  private Path dataDir() {
    return stateDir().resolve("data");
  }

  @Override
  protected void prepare() {
    // without an slf4j binding on the classpath Kafka logs nothing at all
    classpath = resolver.runtimeClasspath("kafka", List.of("org.apache.kafka:kafka_2.13:" + version, SLF4J_BINDING));
    write(propertiesFile(), serverProperties());
    write(stateDir().resolve("conf").resolve("log4j.properties"), log4jProperties());
    if (!Files.isRegularFile(dataDir().resolve("meta.properties"))) {
      formatStorage();
    }
  }

  private String serverProperties() {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + dataDir(),
        "num.partitions=1",
        "default.replication.factor=1",
        // one offsets partition cuts the first consumer-group join from ~12 s to ~2.5 s
        "offsets.topic.num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        // the log cleaner's dedupe buffer defaults to 128 MB of heap, and with a few hundred partitions loaded the
        // broker then dies of OutOfMemoryError at start; nothing here is compacted heavily enough to need it
        "log.cleaner.dedupe.buffer.size=16777216",
        "");
  }

  private String log4jProperties() {
    return String.join(
        "\n",
        "log4j.rootLogger=INFO, file",
        "log4j.appender.file=org.apache.log4j.FileAppender",
        "log4j.appender.file.File=" + logsDir().resolve("server.log"),
        "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
        "");
  }

  private void formatStorage() {
    List<String> command = new ArrayList<>(javaPrefix());
    command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", randomClusterId(), "-c", propertiesFile().toString()));
    Path log = logsDir().resolve("format.log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new DependencyUnavailableException("cannot format Kafka storage in " + dataDir() + ":\n" + ArtifactResolver.tail(log, 20));
      }
    } catch (IOException e) {
      throw new DependencyUnavailableException("cannot run Kafka's StorageTool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted while formatting Kafka storage", e);
    }
  }

  /** Kafka cluster ids are 16 random bytes in unpadded URL-safe base64. */
  /**
   * A random id in Kafka's form (16 bytes, URL-safe base64, no padding). One that begins with {@code -} is drawn
   * again: the StorageTool would read it as an option ({@code --cluster-id: expected one argument}), as one
   * format in 64 did before.
   */
  static String randomClusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  private List<String> javaPrefix() {
    return List.of(
        Platform.javaExecutable().toString(),
        "-Xms" + heapMb + "m",
        "-Xmx" + heapMb + "m",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        "-Dlog4j.configuration=file:" + stateDir().resolve("conf").resolve("log4j.properties"),
        "-Dkafka.logs.dir=" + logsDir(),
        "-cp",
        classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>(javaPrefix());
    command.add("kafka.Kafka");
    command.add(propertiesFile().toString());
    return command;
  }

  @Override
  protected boolean healthy() {
    return Probes.tcpOpen("127.0.0.1", brokerPort);
  }
}
