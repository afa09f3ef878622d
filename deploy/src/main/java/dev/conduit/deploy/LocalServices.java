package dev.conduit.deploy;

import dev.conduit.config.ClusterConfig;
import dev.conduit.config.services.RpcConfig;
import dev.conduit.config.services.ServiceName;
import dev.conduit.deploy.local.LocalLayout;
import dev.conduit.deploy.local.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's own services as local processes, named {@code <cluster>-<role>} under the launcher's state
 * directory, and {@code <cluster>-<role>-<k>} for host {@code k >= 2} of a role that runs several ({@link HostCounts}).
 * History, matching and replication start before the frontend that routes to them.
 */
final class LocalServices {
  static final List<ServiceName> ROLES =
      List.of(ServiceName.HISTORY, ServiceName.MATCHING, ServiceName.REPLICATION, ServiceName.FRONTEND);

  private LocalServices() {}

  static List<ServiceProcess> of(ClusterConfig config, Path configFile) {
    return of(config, configFile, HostCounts.one());
  }

  static List<ServiceProcess> of(ClusterConfig config, Path configFile, HostCounts hosts) {
    LocalLayout layout = LocalLayout.fromEnvironment();
    String cluster = config.clusterMetadata().currentClusterName();
    String classpath = System.getProperty("java.class.path");
    List<ServiceProcess> services = new ArrayList<>();
    for (ServiceName role : ROLES) {
      RpcConfig rpc = config.service(role).orElseThrow(() -> new IllegalArgumentException("no services." + role.configName() + " section")).rpc();
      String host = "0.0.0.0".equals(rpc.bindAddress()) ? "127.0.0.1" : rpc.bindAddress();
      String name = cluster + "-" + role.configName();
      services.add(new ServiceProcess(layout, name, role.configName(), configFile, host, rpc.grpcPort(), classpath, 384));
      int count = hosts.of(role);
      if (count > 1 && !host.equals(HostCounts.address(1))) {
        throw new IllegalArgumentException("several " + role.configName() + " hosts bind 127.0.0.1, 127.0.0.2, ...; the config binds "
            + role.configName() + " to " + rpc.bindAddress() + " (use bindOnLocalHost: true)");
      }
      for (int k = 2; k <= count; k++) {
        services.add(ServiceProcess.onHost(layout, name + "-" + k, role.configName(), configFile, HostCounts.address(k),
            rpc.grpcPort(), classpath, 384));
      }
    }
    return services;
  }
}
