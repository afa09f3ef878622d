package dev.conduit.client;

import dev.conduit.membership.HealthyInstances;
import dev.conduit.membership.ServiceInstance;
import dev.conduit.membership.ServiceRegistry;
import java.time.Duration;
import java.util.List;

/** A registry whose healthy instances the test sets; watches block until the next change, as Consul's do. */
final class FakeRegistry implements ServiceRegistry {
  private long index = 1;
  private List<ServiceInstance> instances;

  FakeRegistry(List<ServiceInstance> instances) {
    this.instances = List.copyOf(instances);
  }

  synchronized void set(List<ServiceInstance> next) {
    instances = List.copyOf(next);
    index++;
    notifyAll();
  }

  @Override
  public synchronized HealthyInstances watchHealthy(String service, long afterIndex, Duration maxWait) {
    long until = System.nanoTime() + maxWait.toNanos();
    try {
      while (index <= afterIndex && System.nanoTime() < until) {
        wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("watch interrupted", e);
    }
    return new HealthyInstances(index, instances);
  }

  @Override
  public void register(ServiceInstance instance) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void deregister(String instanceId) {
    throw new UnsupportedOperationException();
  }
}
