package dev.conduit.deploy.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cassandra from the {@code org.apache.cassandra:cassandra-all} artifact's runtime classpath, one node on
 * loopback. Healthy once the native (CQL) port accepts connections, which Cassandra opens last.
 */
final class CassandraServer extends ProcessServer {
  /** Cassandra's own JDK 17 module flags (its conf/jvm17-server.options); without them it fails at start. */
  private static final List<String> JDK17_FLAGS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports=java.sql/java.sql=ALL-UNNAMED",
          "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.math=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED");

  private final ArtifactResolver resolver;
  private final String version;
  private final int nativePort;
  private final int storagePort;
  private final int heapMb;
  private List<Path> classpath;

  CassandraServer(LocalLayout layout, ArtifactResolver resolver, String version, int nativePort, int storagePort, int heapMb) {
    super(layout, "cassandra");
    this.resolver = resolver;
    this.version = version;
    this.nativePort = nativePort;
    this.storagePort = storagePort;
    this.heapMb = heapMb;
  }

  @Override
  public String endpoint() {
    return "127.0.0.1:" + nativePort;
  }

  @Override
  protected String marker() {
    return configFile().toString();
  }

  private Path configFile() {
    return stateDir().resolve("conf").resolve("cassandra.yaml");
  }

  @Override
  protected void prepare() {
    classpath = resolver.runtimeClasspath("cassandra", List.of("org.apache.cassandra:cassandra-all:" + version));
    Path data = stateDir().resolve("data");
    write(configFile(), cassandraYaml(data));
    write(stateDir().resolve("conf").resolve("logback.xml"), logbackXml());
  }

  private String cassandraYaml(Path data) {
    return String.join(
        "\n",
        "cluster_name: conduit-local",
        "num_tokens: 16",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"127.0.0.1:" + storagePort + "\"",
        "listen_address: 127.0.0.1",
        "rpc_address: 127.0.0.1",
        "storage_port: " + storagePort,
        "start_native_transport: true",
        "native_transport_port: " + nativePort,
        "commitlog_sync: periodic",
        "commitlog_sync_period: 10000ms",
        "data_file_directories:",
        "  - " + data.resolve("data"),
        "commitlog_directory: " + data.resolve("commitlog"),
        "saved_caches_directory: " + data.resolve("saved_caches"),
        "hints_directory: " + data.resolve("hints"),
        "cdc_raw_directory: " + data.resolve("cdc_raw"),
        "authenticator: AllowAllAuthenticator",
        "authorizer: AllowAllAuthorizer",
        // lightweight transactions and schema changes on a loaded 2-core machine need slack
        "write_request_timeout: 5000ms",
        "read_request_timeout: 10000ms",
        "cas_contention_timeout: 3000ms",
        "concurrent_compactors: 1",
        // a dropped keyspace (tests make and drop dozens a run) goes at once instead of flushed into a snapshot
        "auto_snapshot: false",
        "")
        ;
  }

  private String logbackXml() {
    return "<configuration>\n"
        + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
        + "    <file>" + logsDir().resolve("system.log") + "</file>\n"
        + "    <encoder><pattern>%d %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>\n"
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>\n"
        + "</configuration>\n";
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Platform.javaExecutable().toString());
    command.add("-Xms" + heapMb + "m");
    command.add("-Xmx" + heapMb + "m");
    command.add("-XX:+UseG1GC");
    command.add("-Xss512k");
    command.addAll(JDK17_FLAGS);
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=file://" + configFile());
    command.add("-Dcassandra.storagedir=" + stateDir().resolve("data"));
    command.add("-Dcassandra.logdir=" + logsDir());
    command.add("-Dlogback.configurationFile=" + stateDir().resolve("conf").resolve("logback.xml"));
    command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-cp");
    command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
    command.add("org.apache.cassandra.service.CassandraDaemon");
    return command;
  }

  @Override
  protected boolean healthy() {
    return Probes.tcpOpen("127.0.0.1", nativePort);
  }
}
