package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Elasticsearch 8 from the {@code org.elasticsearch.distribution.integ-test-zip:elasticsearch} zip, run with
 * the launcher's own JDK. Elasticsearch refuses to run as root, so as root it runs as {@code nobody}
 * (uid 65534) and its state directory is handed to that user.
 *
 * <p>This distribution has few modules: {@code GET /} answers 405, so health is read from
 * {@code /_cluster/health}.
 */
final class ElasticsearchServer extends ProcessServer {
  private static final int UNPRIVILEGED_UID = 65534;

  private final ArtifactResolver resolver;
  private final String version;
  private final int httpPort;
  private final int transportPort;
  private final int heapMb;
  private Path home;

  ElasticsearchServer(LocalLayout layout, ArtifactResolver resolver, String version, int httpPort, int transportPort, int heapMb) {
    super(layout, "elasticsearch");
    this.resolver = resolver;
    this.version = version;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
    this.heapMb = heapMb;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  protected String marker() {
    return distributionHome().toString();
  }

  private Path distributionHome() {
    return layout.cache().resolve("elasticsearch").resolve("elasticsearch-" + version);
  }

  private Path confDir() {
    return stateDir().resolve("config");
  }

  @Override
  protected void prepare() {
    home = distributionHome();
    if (!Files.isRegularFile(home.resolve("bin").resolve("elasticsearch"))) {
      Path zip =
          resolver.artifactFile(
              "elasticsearch-zip",
              "org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + version + ":zip",
              "elasticsearch-" + version + ".zip");
      unzip(zip, home.getParent());
    }
    copyDistributionConfig();
    write(confDir().resolve("elasticsearch.yml"), elasticsearchYml());
    write(confDir().resolve("jvm.options.d").resolve("conduit-heap.options"), "-Xms" + heapMb + "m\n-Xmx" + heapMb + "m\n");
    LocalLayout.ensure(stateDir().resolve("data"));
    LocalLayout.ensure(stateDir().resolve("tmp"));
    if (Platform.isRoot()) {
      run(List.of("chown", "-R", UNPRIVILEGED_UID + ":" + UNPRIVILEGED_UID, stateDir().toString()));
      run(List.of("chmod", "-R", "a+rX", home.toString()));
    }
  }

  private String elasticsearchYml() {
    return String.join(
        "\n",
        "cluster.name: conduit-local",
        "node.name: local",
        "path.data: " + stateDir().resolve("data"),
        "path.logs: " + logsDir(),
        "network.host: 127.0.0.1",
        "http.port: " + httpPort,
        "transport.port: " + transportPort,
        "discovery.type: single-node",
        "xpack.security.enabled: false",
        // a nearly full development disk must not make every index read-only
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "");
  }

  private void copyDistributionConfig() {
    Path source = home.resolve("config");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = confDir().resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy Elasticsearch's config from " + source, e);
    }
  }

  private static void unzip(Path zip, Path into) {
    if (Platform.onPath("unzip").isEmpty()) {
      throw new DependencyUnavailableException("cannot unpack " + zip + ": the unzip command is not on PATH");
    }
    LocalLayout.ensure(into);
    run(List.of("unzip", "-q", "-o", zip.toString(), "-d", into.toString()));
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new DependencyUnavailableException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new DependencyUnavailableException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted", e);
    }
  }

  @Override
  protected Map<String, String> environment() {
    return Map.of(
        "ES_JAVA_HOME", Platform.javaHome().toString(),
        "ES_PATH_CONF", confDir().toString(),
        "ES_TMPDIR", stateDir().resolve("tmp").toString(),
        "HOME", stateDir().toString());
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>();
    if (Platform.isRoot()) {
      Path setpriv =
          Platform.onPath("setpriv")
              .orElseThrow(() -> new DependencyUnavailableException(
                  "Elasticsearch refuses to run as root and setpriv (util-linux) is not on PATH to drop privileges"));
      command.addAll(List.of(setpriv.toString(), "--reuid=" + UNPRIVILEGED_UID, "--regid=" + UNPRIVILEGED_UID, "--clear-groups", "--"));
    }
    command.add(home.resolve("bin").resolve("elasticsearch").toString());
    return command;
  }

  @Override
  protected boolean healthy() {
    return Probes.httpGet(endpoint() + "/_cluster/health")
        .map(body -> body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\""))
        .orElse(false);
  }
}
