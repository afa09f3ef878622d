package dev.conduit.membership;

import java.time.Duration;
import java.util.List;

/**
 * Where service instances announce themselves and find each other. Registration carries a health check,
 * and lookups return only instances whose checks pass, so a crashed process drops out of the answers
 * without deregistering. Methods throw {@link RegistryException}.
 */
public interface ServiceRegistry {

  /** Registers the instance with its health check; registering the same id again replaces it. */
  void register(ServiceInstance instance);

  /** Removes the instance with this id; removing an unknown id is not an error. */
  void deregister(String instanceId);

  /**
   * Waits up to {@code maxWait} for the healthy instances of {@code service} to change after
   * {@code afterIndex}, then answers them with the new index. An index of 0 answers at once. The answer
   * may come early and unchanged; callers compare.
   */
  HealthyInstances watchHealthy(String service, long afterIndex, Duration maxWait);

  /** The instances of {@code service} whose checks all pass, now. */
  default List<ServiceInstance> healthyInstances(String service) {
    return watchHealthy(service, 0, Duration.ZERO).instances();
  }
}
