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
 * The cluster's own services as local processes, one per role, named {@code <cluster>-<role>} under the
 * launcher's state directory. History, matching and replication start before the frontend that routes to them.
 */
final class LocalServices {
  static final List<ServiceName> ROLES =
      List.of(ServiceName.HISTORY, ServiceName.MATCHING, ServiceName.REPLICATION, ServiceName.FRONTEND);

  private LocalServices() {}

  static List<ServiceProcess> of(ClusterConfig config, Path configFile) {
    LocalLayout layout = LocalLayout.fromEnvironment();
    String cluster = config.clusterMetadata().currentClusterName();
    String classpath = System.getProperty("java.class.path");
    List<ServiceProcess> services = new ArrayList<>();
    for (ServiceName role : ROLES) {
      RpcConfig rpc = config.service(role).orElseThrow(() -> new IllegalArgumentException("no services." + role.configName() + " section")).rpc();
      String host = "0.0.0.0".equals(rpc.bindAddress()) ? "127.0.0.1" : rpc.bindAddress();
      services.add(new ServiceProcess(layout, cluster + "-" + role.configName(), role.configName(), configFile, host, rpc.grpcPort(), classpath, 384));
    }
    return services;
  }
}
