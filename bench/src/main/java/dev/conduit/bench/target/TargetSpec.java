package dev.conduit.bench.target;

import dev.conduit.bench.measure.WatchedProcess;
import java.util.List;

/**
 * One server a run measures.
 *
 * @param role {@link #TARGET} for the server under test, {@link #REFERENCE} for the one it is compared with
 * @param address host:port its SDK clients dial
 * @param processes its processes whose CPU and memory are followed
 * @param cassandra host:port of its Cassandra, or null when its writes are not counted
 * @param keyspace the keyspace whose writes count, or null
 */
public record TargetSpec(String name, String role, String address, String namespace, List<WatchedProcess> processes,
    String cassandra, String keyspace) {

  public static final String TARGET = "target";
  public static final String REFERENCE = "reference";

  public TargetSpec {
    if (!TARGET.equals(role) && !REFERENCE.equals(role)) {
      throw new IllegalArgumentException("role must be '" + TARGET + "' or '" + REFERENCE + "', not '" + role + "'");
    }
    processes = List.copyOf(processes);
  }
}
