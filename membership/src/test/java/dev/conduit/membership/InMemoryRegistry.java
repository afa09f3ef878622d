package dev.conduit.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry in memory for unit tests of the monitor: every registered instance is healthy, each change
 * raises the index and wakes blocked watches, and failures can be switched on to imitate an outage.
 */
final class InMemoryRegistry implements ServiceRegistry {
  private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
  private long index = 1;
  private long changes;
  private boolean down;
  private int watchCalls;
  private long lastAfterIndex;

  @Override
  public synchronized void register(ServiceInstance instance) {
    instances.put(instance.id(), instance);
    changed(index + 1);
  }

  @Override
  public synchronized void deregister(String instanceId) {
    instances.remove(instanceId);
    changed(index + 1);
  }

  @Override
  public synchronized HealthyInstances watchHealthy(String service, long afterIndex, Duration maxWait) {
    watchCalls++;
    lastAfterIndex = afterIndex;
    notifyAll();
    if (down) {
      throw new RegistryException("registry is down", true, null);
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    long changesAtStart = changes;
    try {
      while (afterIndex > 0 && index <= afterIndex && changes == changesAtStart && System.nanoTime() < deadline) {
        wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted", true, e);
    }
    if (down) {
      throw new RegistryException("registry is down", true, null);
    }
    List<ServiceInstance> healthy = new ArrayList<>();
    for (ServiceInstance instance : instances.values()) {
      if (instance.service().equals(service)) {
        healthy.add(instance);
      }
    }
    return new HealthyInstances(index, healthy);
  }

  /** A change elsewhere in the registry: the index moves, this service's instances do not. Returns the new index. */
  synchronized long touch() {
    changed(index + 1);
    return index;
  }

  synchronized long index() {
    return index;
  }

  /** A snapshot restore: the index goes back and blocked watches return. */
  synchronized void restore(long olderIndex) {
    changed(olderIndex);
  }

  synchronized void setDown(boolean isDown) {
    down = isDown;
    changed(index + 1);
  }

  /** Blocks until the monitor has issued {@code count} more watch calls, which proves it handled the last answer. */
  synchronized void awaitWatchCalls(int count, Duration timeout) throws InterruptedException {
    int target = watchCalls + count;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (watchCalls < target) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError("the monitor made no further watch call within " + timeout);
      }
      wait(left);
    }
  }

  /** Blocks until the monitor watches from exactly {@code index}, which proves it handled the answer at that index. */
  synchronized void awaitWatchFrom(long index, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lastAfterIndex != index) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError("the monitor did not watch from index " + index + " within " + timeout);
      }
      wait(left);
    }
  }

  private void changed(long newIndex) {
    index = newIndex;
    changes++;
    notifyAll();
  }
}
