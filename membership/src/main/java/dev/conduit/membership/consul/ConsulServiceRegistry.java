package dev.conduit.membership.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.OperationException;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.HealthService;
import dev.conduit.membership.HealthyInstances;
import dev.conduit.membership.RegistryException;
import dev.conduit.membership.ServiceInstance;
import dev.conduit.membership.ServiceRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service registry on a Consul agent: instances register with the local agent together with a TCP
 * check of their port, and lookups read the health endpoint with {@code passing} so only instances whose
 * checks (and whose node's checks) pass are answered. Watches are Consul blocking queries.
 */
public final class ConsulServiceRegistry implements ServiceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ConsulServiceRegistry.class);
  // a probe slower than this is a failure anyway; longer would let probes of one instance overlap
  private static final Duration MAX_CHECK_TIMEOUT = Duration.ofSeconds(10);

  private final ConsulSettings settings;
  private final ConsulClient client;

  public ConsulServiceRegistry(ConsulSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = new ConsulClient(settings.host(), settings.port());
  }

  @Override
  public void register(ServiceInstance instance) {
    call("registering " + instance.service() + "/" + instance.id(),
        () -> client.agentServiceRegister(newService(instance, settings), settings.token()));
  }

  @Override
  public void deregister(String instanceId) {
    // the agent answers 404 for an unknown id; the caller's wish (the id is gone) holds already
    try {
      call("deregistering " + instanceId, () -> client.agentServiceDeregister(instanceId, settings.token()));
    } catch (RegistryException e) {
      if (!(e.getCause() instanceof OperationException op && op.getStatusCode() == 404)) {
        throw e;
      }
    }
  }

  @Override
  public HealthyInstances watchHealthy(String service, long afterIndex, Duration maxWait) {
    QueryParams.Builder query = QueryParams.Builder.builder().setDatacenter(settings.datacenter());
    if (afterIndex > 0) {
      // Consul reads whole seconds; a shorter wait would turn into none, so round up
      query.setIndex(afterIndex).setWaitTime(Math.max(1, (maxWait.toMillis() + 999) / 1000));
    }
    HealthServicesRequest request = HealthServicesRequest.newBuilder()
        .setPassing(true)
        .setToken(settings.token())
        .setQueryParams(query.build())
        .build();
    Response<List<HealthService>> response =
        call("reading healthy instances of " + service, () -> client.getHealthServices(service, request));
    List<ServiceInstance> instances = new ArrayList<>();
    for (HealthService entry : response.getValue()) {
      Integer port = entry.getService().getPort();
      if (port == null || port < 1) {
        // not one of ours (we always register a port); one stray entry must not blind the whole watch
        LOG.warn("ignoring {} instance {} without a port", service, entry.getService().getId());
        continue;
      }
      instances.add(toInstance(entry));
    }
    long index = response.getConsulIndex() == null ? 0 : response.getConsulIndex();
    return new HealthyInstances(index, instances);
  }

  /** The agent's registration body: the instance and a TCP check of its address and port. */
  static NewService newService(ServiceInstance instance, ConsulSettings settings) {
    NewService.Check check = new NewService.Check();
    check.setTcp(instance.address() + ":" + instance.port());
    check.setInterval(GoDuration.format(settings.checkInterval()));
    Duration timeout = settings.checkInterval().compareTo(MAX_CHECK_TIMEOUT) < 0 ? settings.checkInterval() : MAX_CHECK_TIMEOUT;
    check.setTimeout(GoDuration.format(timeout));
    check.setDeregisterCriticalServiceAfter(GoDuration.format(settings.deregisterAfter()));

    NewService service = new NewService();
    service.setId(instance.id());
    service.setName(instance.service());
    service.setAddress(instance.address());
    service.setPort(instance.port());
    service.setTags(new ArrayList<>(instance.tags()));
    service.setMeta(Map.copyOf(instance.meta()));
    service.setCheck(check);
    return service;
  }

  private static ServiceInstance toInstance(HealthService entry) {
    HealthService.Service service = entry.getService();
    // an instance registered without its own address is reachable at its node's address
    String address = service.getAddress() == null || service.getAddress().isBlank()
        ? entry.getNode().getAddress()
        : service.getAddress();
    return new ServiceInstance(service.getService(), service.getId(), address, service.getPort(),
        Objects.requireNonNullElse(service.getTags(), List.of()), Objects.requireNonNullElse(service.getMeta(), Map.of()));
  }

  private <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (OperationException e) {
      boolean retryable = e.getStatusCode() >= 500 || e.getStatusCode() == 429;
      throw new RegistryException(what + " at consul " + settings.host() + ":" + settings.port() + " failed: "
          + e.getStatusCode() + " " + e.getStatusMessage() + " " + Objects.toString(e.getStatusContent(), "").trim(),
          retryable, e);
    } catch (ConsulException e) {
      throw new RegistryException(what + " at consul " + settings.host() + ":" + settings.port() + " failed: " + e,
          true, e);
    }
  }
}
