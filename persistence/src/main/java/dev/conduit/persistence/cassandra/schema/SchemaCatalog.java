package dev.conduit.persistence.cassandra.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned CQL files shipped with this module, read from {@code versions.txt} beside them. Versions
 * must be listed in increasing order starting at 1 without gaps.
 */
public final class SchemaCatalog {
  private final List<SchemaVersion> versions;

  private SchemaCatalog(List<SchemaVersion> versions) {
    this.versions = List.copyOf(versions);
  }

  /** The catalog of the cluster keyspace. */
  public static SchemaCatalog clusterKeyspace() {
    String index = resource("versions.txt");
    List<SchemaVersion> versions = new ArrayList<>();
    for (String line : index.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+", 3);
      int number = Integer.parseInt(parts[0]);
      if (number != versions.size() + 1) {
        throw new IllegalStateException("schema versions.txt: version " + number + " out of order, expected " + (versions.size() + 1));
      }
      versions.add(new SchemaVersion(number, parts[1], parts.length > 2 ? parts[2] : "", CqlScript.statements(resource(parts[1]))));
    }
    return new SchemaCatalog(versions);
  }

  public List<SchemaVersion> versions() {
    return versions;
  }

  public int latest() {
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).number();
  }

  /** The versions after {@code from} up to and including {@code to}. */
  public List<SchemaVersion> between(int from, int to) {
    return versions.stream().filter(v -> v.number() > from && v.number() <= to).toList();
  }

  private static String resource(String name) {
    try (InputStream in = SchemaCatalog.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
