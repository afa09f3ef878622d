package dev.conduit.client.resolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Where the resolver learns the healthy instances of a service: Consul's health API, or a fake in tests. */
interface HealthyInstances {
  /** The instances at one Consul index; {@code index} orders answers (Consul's {@code X-Consul-Index}). */
  record Snapshot(long index, List<InetSocketAddress> addresses) {
    public Snapshot {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * Answers when the instances differ from those at {@code afterIndex}, or after about {@code wait} (Consul's
   * blocking query); {@code afterIndex} 0 answers at once.
   */
  Snapshot fetch(long afterIndex, Duration wait) throws IOException, InterruptedException;
}
