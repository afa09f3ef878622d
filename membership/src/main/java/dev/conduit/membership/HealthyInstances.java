package dev.conduit.membership;

import java.util.List;

/**
 * The healthy instances of one service at a registry index. The index orders answers: a watcher passes
 * the last index back to wait for the next change.
 */
public record HealthyInstances(long index, List<ServiceInstance> instances) {

  public HealthyInstances {
    instances = List.copyOf(instances);
  }
}
