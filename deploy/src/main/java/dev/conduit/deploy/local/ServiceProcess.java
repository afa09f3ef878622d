package dev.conduit.deploy.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the cluster's own services (frontend, history or matching) run as its own JVM with the
 * classpath of the process that launches it. Healthy once its gRPC port accepts connections; the
 * process registers itself in Consul.
 */
public final class ServiceProcess extends ProcessServer {
  private final String role;
  private final Path config;
  private final String host;
  private final int port;
  private final String classpath;
  private final int heapMb;
  private final boolean bindsHost;

  /**
   * @param name state directory name, e.g. {@code active-history}: one per cluster and role
   * @param config the cluster config file the service reads
   */
  public ServiceProcess(LocalLayout layout, String name, String role, Path config, String host, int port, String classpath, int heapMb) {
    this(layout, name, role, config, host, port, classpath, heapMb, false);
  }

  private ServiceProcess(LocalLayout layout, String name, String role, Path config, String host, int port, String classpath,
      int heapMb, boolean bindsHost) {
    super(layout, name);
    this.bindsHost = bindsHost;
    this.role = role;
    this.config = config.toAbsolutePath();
    this.host = host;
    this.port = port;
    this.classpath = classpath;
    this.heapMb = heapMb;
  }

  /**
   * One of several hosts of a role on this machine: the process binds and advertises {@code host} (a loopback
   * address such as {@code 127.0.0.2}) instead of its config's address, on the config's port, as another machine would.
   */
  public static ServiceProcess onHost(LocalLayout layout, String name, String role, Path config, String host, int port,
      String classpath, int heapMb) {
    return new ServiceProcess(layout, name, role, config, host, port, classpath, heapMb, true);
  }

  /** The address it serves on. */
  public String host() {
    return host;
  }

  /** The service's own log file (its console output goes to {@code console.log} beside it). */
  public Path logFile() {
    return logsDir().resolve(role + ".log");
  }

  @Override
  public String endpoint() {
    return host + ":" + port;
  }

  @Override
  protected String marker() {
    return "-Dconduit.service=" + name();
  }

  @Override
  protected void prepare() {
    // nothing to obtain: the service runs from the launcher's own classpath
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Platform.javaExecutable().toString());
    command.add(marker());
    command.add("-Xms" + heapMb + "m");
    command.add("-Xmx" + heapMb + "m");
    command.add("-XX:+UseG1GC");
    command.add("-Dlogback.configurationFile=conduit-service-logback.xml");
    command.add("-Dconduit.log.file=" + logsDir().resolve(role + ".log"));
    command.add("-cp");
    command.add(classpath);
    command.add("dev.conduit.deploy.server.ServerMain");
    command.add("--services");
    command.add(role);
    command.add("--config");
    command.add(config.toString());
    if (bindsHost) {
      command.add("--host");
      command.add(host);
    }
    return command;
  }

  @Override
  protected boolean healthy() {
    return Probes.tcpOpen(host, port);
  }

  /**
   * Sends SIGKILL to the service's process, as a crash would: for fault-injection tests. Returns the pid
   * it killed; fails if the service does not run, so a test can never pass by killing nothing.
   */
  public long kill() {
    ProcessHandle process =
        runningProcess().orElseThrow(() -> new IllegalStateException(name() + " does not run: nothing to kill"));
    process.destroyForcibly();
    process.onExit().join();
    return process.pid();
  }
}
