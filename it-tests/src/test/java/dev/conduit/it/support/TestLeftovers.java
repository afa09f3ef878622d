package dev.conduit.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.deploy.local.LocalLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names test clusters by the time they were made, and removes what earlier test JVMs left behind: their keyspaces
 * and the state directories (logs) of their services.
 *
 * <p>{@link TestCluster#close()} drops its keyspace, but a test run that is killed (a CI time limit, a developer's
 * Ctrl-C, a SIGKILLed fork) leaves it, and a local Cassandra that collects hundreds of keyspaces ends in back-to-back
 * full GCs. An id starts with the creation second in base 36, so the first cluster a test JVM starts drops every
 * {@code conduit_e2e_} keyspace older than {@link #STALE_AFTER} (longer than any test run), and ones whose id does
 * not carry a time (the older random ids), without touching a cluster another run is still using.
 */
final class TestLeftovers {
  private static final Logger log = LoggerFactory.getLogger(TestLeftovers.class);
  static final String PREFIX = "conduit_e2e_";
  static final Duration STALE_AFTER = Duration.ofHours(3);
  private static final int TIME_DIGITS = 7;
  private static final AtomicBoolean pruned = new AtomicBoolean();

  private TestLeftovers() {}

  /** A new cluster id: the creation second in base 36 (7 digits), then 5 random base-36 digits. */
  static String newId(Instant now) {
    String time = Long.toString(now.getEpochSecond(), 36);
    StringBuilder id = new StringBuilder("0".repeat(TIME_DIGITS - time.length())).append(time);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 5; i++) {
      id.append(Character.forDigit(random.nextInt(36), 36));
    }
    return id.toString();
  }

  /** Whether a keyspace named {@code conduit_e2e_<id>} was made by a run that cannot still be going at {@code now}. */
  static boolean stale(String keyspace, Instant now) {
    if (!keyspace.startsWith(PREFIX)) {
      return false;
    }
    String id = keyspace.substring(PREFIX.length());
    if (id.length() != TIME_DIGITS + 5) {
      return true;
    }
    long created;
    try {
      created = Long.parseLong(id.substring(0, TIME_DIGITS), 36);
    } catch (NumberFormatException e) {
      return true;
    }
    return Instant.ofEpochSecond(created).isBefore(now.minus(STALE_AFTER));
  }

  /** Drops the stale test keyspaces and deletes the stale services' state directories, once per JVM. */
  static void removeOnce(CassandraSettings cassandra, LocalLayout layout) {
    if (!pruned.compareAndSet(false, true)) {
      return;
    }
    Instant now = Instant.now();
    dropKeyspaces(cassandra, now);
    deleteStateDirectories(layout, now);
  }

  private static void dropKeyspaces(CassandraSettings cassandra, Instant now) {
    try (CqlSession admin = CqlSessions.openWithoutKeyspace(cassandra)) {
      List<String> stale = new ArrayList<>();
      for (Row row : admin.execute("SELECT keyspace_name FROM system_schema.keyspaces")) {
        String name = row.getString(0);
        if (stale(name, now)) {
          stale.add(name);
        }
      }
      for (String name : stale) {
        admin.execute("DROP KEYSPACE IF EXISTS " + name);
      }
      if (!stale.isEmpty()) {
        log.info("dropped {} test keyspaces left by earlier runs", stale.size());
      }
    }
  }

  /** A test service's state directory ({@code e2e-<id>-<role>}) untouched for {@link #STALE_AFTER}. */
  private static void deleteStateDirectories(LocalLayout layout, Instant now) {
    Path states = layout.home().resolve("state");
    int deleted = 0;
    try (Stream<Path> dirs = Files.list(states)) {
      for (Path dir : (Iterable<Path>) dirs.filter(d -> d.getFileName().toString().startsWith("e2e-"))::iterator) {
        if (Files.getLastModifiedTime(dir).toInstant().isBefore(now.minus(STALE_AFTER))) {
          deleteTree(dir);
          deleted++;
        }
      }
    } catch (IOException e) {
      log.warn("could not remove old test state under {}: {}", states, e.toString());
    }
    if (deleted > 0) {
      log.info("deleted {} state directories of test services left by earlier runs", deleted);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
