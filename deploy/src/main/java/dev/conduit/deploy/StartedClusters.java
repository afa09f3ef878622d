package dev.conduit.deploy;

import dev.conduit.deploy.local.LocalLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code up} started, so that {@code down} stops exactly that: one line per cluster with its config file and,
 * for a cluster with a Consul agent of its own, the agent's name, and how many hosts of each role it runs; kept in {@code state/clusters} under the
 * launcher's home. The shared Cassandra, Kafka, Elasticsearch and Consul are never in it.
 */
final class StartedClusters {
  /**
   * One started cluster; {@code consulAgent} is empty when the cluster uses the shared agent, {@code hosts} is the
   * {@link HostCounts} text (empty: one host of each role).
   */
  record Entry(String cluster, Path config, String consulAgent, String hosts) {
    Entry(String cluster, Path config, String consulAgent) {
      this(cluster, config, consulAgent, "");
    }
  }

  private final Path file;

  StartedClusters(LocalLayout layout) {
    this.file = layout.home().resolve("state").resolve("clusters");
  }

  static StartedClusters fromEnvironment() {
    return new StartedClusters(LocalLayout.fromEnvironment());
  }

  List<Entry> read() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<Entry> entries = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.split("\t", -1);
        if (fields.length == 3 || fields.length == 4) {
          entries.add(new Entry(fields[0], Path.of(fields[1]), fields[2], fields.length == 4 ? fields[3] : ""));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Adds or replaces the entry of {@code entry.cluster()}; written before the cluster starts, so a failed up is still stopped by down. */
  void record(Entry entry) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    read().forEach(e -> entries.put(e.cluster(), e));
    entries.put(entry.cluster(), entry);
    write(List.copyOf(entries.values()));
  }

  void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  private void write(List<Entry> entries) {
    StringBuilder text = new StringBuilder();
    entries.forEach(e -> text.append(e.cluster()).append('\t').append(e.config().toAbsolutePath()).append('\t')
        .append(e.consulAgent()).append('\t').append(e.hosts()).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
