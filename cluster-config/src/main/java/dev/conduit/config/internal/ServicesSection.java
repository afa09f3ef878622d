package dev.conduit.config.internal;

import dev.conduit.config.HostPort;
import dev.conduit.config.services.GlobalConfig;
import dev.conduit.config.services.MetricsConfig;
import dev.conduit.config.services.RpcConfig;
import dev.conduit.config.services.ServiceConfig;
import dev.conduit.config.services.ServiceName;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads and checks the {@code global} and {@code services} sections. */
final class ServicesSection {

  private ServicesSection() {}

  static GlobalConfig parseGlobal(Section global) {
    Section membership = global.sectionOrEmpty("membership");
    GlobalConfig.Membership members = new GlobalConfig.Membership(
        membership.string("name", ""),
        membership.duration("maxJoinDuration", GlobalConfig.Membership.DEFAULT_MAX_JOIN_DURATION),
        Checks.ipAddress(membership, "broadcastAddress"));
    Checks.notImplemented(membership, "maxJoinDuration", "membership goes through Consul, which has no join wait");
    Checks.notImplemented(global, "pprof", "pprof is Go's profiler; use the JVM's tools");
    Section pprof = global.sectionOrEmpty("pprof");
    int pprofPort = pprof.integer("port", 0);
    if (pprofPort != 0) {
      Checks.port(pprof, "port", pprofPort);
    }
    return new GlobalConfig(members, pprofPort);
  }

  static Map<ServiceName, ServiceConfig> parseServices(Section root) {
    if (!root.has("services")) {
      root.error("services", "is required");
    }
    Map<String, Section> named = root.namedSections("services");
    if (named.isEmpty() && root.has("services")) {
      root.error("services", "must configure at least one of " + knownServices());
    }
    Map<ServiceName, ServiceConfig> services = new EnumMap<>(ServiceName.class);
    named.forEach((name, section) -> {
      Optional<ServiceName> service = ServiceName.fromConfigName(name);
      if (service.isEmpty()) {
        section.errors().add(section.path(), "unknown service; expected one of " + knownServices());
      } else {
        services.put(service.get(), service(section));
      }
    });
    return services;
  }

  private static ServiceConfig service(Section service) {
    Section rpc = service.section("rpc");
    boolean bindOnLocalHost = rpc.bool("bindOnLocalHost", false);
    Optional<String> bindOnIP = Checks.ipAddress(rpc, "bindOnIP");
    if (bindOnLocalHost && bindOnIP.isPresent()) {
      rpc.error("bindOnIP", "cannot be combined with bindOnLocalHost: true; set one of them");
    }
    RpcConfig rpcConfig = new RpcConfig(
        Checks.port(rpc, "grpcPort"), Checks.port(rpc, "membershipPort"), bindOnLocalHost, bindOnIP);
    Checks.notImplemented(service, "metrics", "no service exports metrics yet");
    return new ServiceConfig(rpcConfig, service.optionalSection("metrics").map(ServicesSection::metrics));
  }

  private static MetricsConfig metrics(Section metrics) {
    Optional<MetricsConfig.Prometheus> prometheus = metrics.optionalSection("prometheus").map(section ->
        new MetricsConfig.Prometheus(
            Checks.choice(section, "timerType", MetricsConfig.TimerType.values(),
                MetricsConfig.TimerType::configName, MetricsConfig.TimerType.HISTOGRAM),
            section.requiredParsed("listenAddress", HostPort::parse, Checks.PLACEHOLDER_ADDRESS)));
    return new MetricsConfig(prometheus, metrics.stringMap("tags"));
  }

  /**
   * The gRPC, membership and pprof ports must be distinct: all roles can run on one host or in one
   * process (the embedded mode), where two of them on one port fail at start with a worse message.
   */
  static void validate(GlobalConfig global, Map<ServiceName, ServiceConfig> services, Errors errors) {
    Map<Integer, String> owners = new HashMap<>();
    if (global.pprofPort() != 0) {
      owners.put(global.pprofPort(), "global.pprof.port");
    }
    services.forEach((name, service) -> {
      String rpc = "services." + name.configName() + ".rpc.";
      claim(owners, service.rpc().grpcPort(), rpc + "grpcPort", errors);
      claim(owners, service.rpc().membershipPort(), rpc + "membershipPort", errors);
    });
  }

  private static void claim(Map<Integer, String> owners, int port, String path, Errors errors) {
    if (port < 1) {
      return;
    }
    String owner = owners.putIfAbsent(port, path);
    if (owner != null) {
      errors.add(path, "port " + port + " is already used by " + owner);
    }
  }

  private static String knownServices() {
    return Arrays.stream(ServiceName.values()).map(ServiceName::configName).collect(Collectors.joining(", "));
  }
}
