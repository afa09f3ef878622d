package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Consul agent in dev mode on loopback: {@code consul} from PATH if present, else a binary built once
 * with the Go toolchain from the Go module proxy into the cache (see {@code build-consul.sh}). The shared agent
 * ({@code consul}) keeps Consul's default datacenter and ports; a cluster's own agent ({@code consul-<cluster>})
 * is its own datacenter on ports of its own and joins the other clusters' agents over the WAN.
 */
final class ConsulAgent extends ProcessServer {
  private static final long BUILD_TIMEOUT_MINUTES = 30;

  private final String version;
  private final int httpPort;
  private final int dnsPort;
  private final Datacenter datacenter;
  private Path binary;

  /**
   * A datacenter of its own: {@code serverPort} and the four ports after it serve the RPC server, Serf LAN, Serf WAN,
   * gRPC and gRPC-TLS; {@code joinWan} are the Serf WAN addresses of the other datacenters' agents (retried until
   * they answer, so the agents may start in any order).
   */
  record Datacenter(String name, int serverPort, List<String> joinWan) {
  }

  ConsulAgent(LocalLayout layout, String version, int httpPort, int dnsPort) {
    this(layout, "consul", version, httpPort, dnsPort, null);
  }

  ConsulAgent(LocalLayout layout, String name, String version, int httpPort, int dnsPort, Datacenter datacenter) {
    super(layout, name);
    this.version = version;
    this.httpPort = httpPort;
    this.dnsPort = dnsPort;
    this.datacenter = datacenter;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + httpPort + " dns 127.0.0.1:" + dnsPort;
  }

  @Override
  protected String marker() {
    return stateDir().toString();
  }

  @Override
  protected void prepare() {
    binary = Platform.onPath("consul").orElseGet(this::cachedOrBuilt);
  }

  private Path cachedOrBuilt() {
    Path cached = LocalLayout.ensure(layout.cache().resolve("consul")).resolve("consul-" + version);
    if (Files.isExecutable(cached)) {
      return cached;
    }
    if (Platform.onPath("go").isEmpty()) {
      throw new DependencyUnavailableException(
          "cannot obtain Consul: no consul on PATH and no Go toolchain (go) on PATH to build it");
    }
    Path script = cached.resolveSibling("build-consul.sh");
    Path log = logsDir().resolve("build.log");
    try (InputStream in = ConsulAgent.class.getResourceAsStream("build-consul.sh")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ProcessBuilder builder =
          new ProcessBuilder("bash", script.toString(), cached.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("CONSUL_VERSION", version);
      Process process = builder.start();
      if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new DependencyUnavailableException("building Consul took over " + BUILD_TIMEOUT_MINUTES + " minutes; see " + log);
      }
      if (process.exitValue() != 0 || !Files.isExecutable(cached)) {
        throw new DependencyUnavailableException("cannot build Consul " + version + ":\n" + ArtifactResolver.tail(log, 20));
      }
    } catch (IOException e) {
      throw new DependencyUnavailableException("cannot build Consul", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted while building Consul", e);
    }
    return cached;
  }

  @Override
  protected List<String> command() {
    List<String> command = new java.util.ArrayList<>(List.of(
        binary.toString(),
        "agent",
        "-dev",
        "-node=" + (datacenter == null ? "conduit-local" : "conduit-" + datacenter.name()),
        "-bind=127.0.0.1",
        "-client=127.0.0.1",
        "-http-port=" + httpPort,
        "-dns-port=" + dnsPort,
        "-data-dir=" + stateDir().resolve("data"),
        "-log-file=" + logsDir().resolve("consul.log")));
    if (datacenter != null) {
      int port = datacenter.serverPort();
      command.addAll(List.of("-datacenter=" + datacenter.name(), "-server-port=" + port, "-serf-lan-port=" + (port + 1),
          "-serf-wan-port=" + (port + 2), "-grpc-port=" + (port + 3), "-grpc-tls-port=" + (port + 4)));
      datacenter.joinWan().forEach(address -> command.add("-retry-join-wan=" + address));
    }
    return command;
  }

  @Override
  protected boolean healthy() {
    // the leader endpoint answers "" until the dev server has elected itself
    Optional<String> leader = Probes.httpGet("http://127.0.0.1:" + httpPort + "/v1/status/leader");
    return leader.map(body -> body.trim().length() > 2).orElse(false);
  }
}
