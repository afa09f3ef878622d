package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Web UI ({@code github.com/temporalio/ui-server}, the UI built in) pointed at a frontend: built once
 * with the Go toolchain from the Go module proxy into the cache (see {@code build-ui.sh}; the module needs a newer Go
 * than the machine's, which the go command fetches as the toolchain {@value #GO_TOOLCHAIN}), run with a config of its
 * own in its state directory.
 */
public final class WebUi extends ProcessServer {
  public static final String VERSION = "v2.58.1";
  public static final String GO_TOOLCHAIN = "go1.27.3";
  public static final int DEFAULT_PORT = 8080;
  private static final long BUILD_TIMEOUT_MINUTES = 30;
  private static final String ENVIRONMENT = "conduit";

  private final int port;
  private final String frontend;
  private Path binary;

  /** The UI on {@code port}, talking to the frontend at {@code frontend} (host:port). */
  public WebUi(LocalLayout layout, int port, String frontend) {
    this(layout, "web-ui", port, frontend);
  }

  /** Like {@link #WebUi(LocalLayout, int, String)}, with a state directory (and process) named {@code name}. */
  public WebUi(LocalLayout layout, String name, int port, String frontend) {
    super(layout, name);
    this.port = port;
    this.frontend = frontend;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  protected String marker() {
    return stateDir().toString();
  }

  @Override
  protected void prepare() {
    binary = cachedOrBuilt();
    Path config = LocalLayout.ensure(stateDir().resolve("config"));
    try {
      Files.writeString(config.resolve(ENVIRONMENT + ".yaml"), String.join("\n",
          "temporalGrpcAddress: " + frontend,
          // loopback only, like every other server the launcher runs: the UI has no authentication here
          "host: 127.0.0.1",
          "port: " + port,
          "publicPath:",
          "enableUi: true",
          "defaultNamespace: default",
          "refreshInterval: 1m",
          "showTemporalSystemNamespace: false",
          "notifyOnNewVersion: false",
          "disableNewsFetch: true",
          "cors:",
          "  cookieInsecure: true",
          "  allowOrigins:",
          "    - \"http://127.0.0.1:" + port + "\"",
          "    - \"http://localhost:" + port + "\"",
          "auth:",
          "  enabled: false",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Web UI's config", e);
    }
  }

  private Path cachedOrBuilt() {
    Path cached = LocalLayout.ensure(layout.cache().resolve("web-ui")).resolve("ui-server-" + VERSION);
    if (Files.isExecutable(cached)) {
      return cached;
    }
    if (Platform.onPath("go").isEmpty()) {
      throw new DependencyUnavailableException("cannot build the Web UI: no Go toolchain (go) on PATH");
    }
    Path script = cached.resolveSibling("build-ui.sh");
    Path log = logsDir().resolve("build.log");
    try (InputStream in = WebUi.class.getResourceAsStream("build-ui.sh")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), cached.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put("UI_SERVER_VERSION", VERSION);
      builder.environment().put("GOTOOLCHAIN", GO_TOOLCHAIN);
      Process process = builder.start();
      if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new DependencyUnavailableException("building the Web UI took over " + BUILD_TIMEOUT_MINUTES
            + " minutes; see " + log);
      }
      if (process.exitValue() != 0 || !Files.isExecutable(cached)) {
        throw new DependencyUnavailableException("cannot build the Web UI " + VERSION + ":\n"
            + ArtifactResolver.tail(log, 20));
      }
    } catch (IOException e) {
      throw new DependencyUnavailableException("cannot build the Web UI", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted while building the Web UI", e);
    }
    return cached;
  }

  @Override
  protected List<String> command() {
    return List.of(binary.toString(), "--root", stateDir().toString(), "--config", "config", "--env", ENVIRONMENT,
        "start");
  }

  @Override
  protected boolean healthy() {
    return Probes.httpGet(endpoint() + "/api/v1/settings").isPresent();
  }
}
