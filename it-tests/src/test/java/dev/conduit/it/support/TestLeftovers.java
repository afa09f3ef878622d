package dev.conduit.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.conduit.persistence.cassandra.CassandraSettings;
import dev.conduit.persistence.cassandra.CqlSessions;
import dev.conduit.deploy.local.LocalLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
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
  /** Prefixes of the Kafka topics (and Elasticsearch indices) test clusters make, each followed by an id. */
  static final List<String> TOPIC_PREFIXES = List.of("conduit-e2e-", "conduit-visibility-e2e-");
  private static final AtomicBoolean pruned = new AtomicBoolean();
  private static final AtomicBoolean prunedTopics = new AtomicBoolean();

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

  /**
   * Whether a Kafka topic or Elasticsearch index a test cluster made ({@code conduit-e2e-<id>-<cluster>[-dlq]},
   * {@code conduit-visibility-e2e-<id>[-dlq]}) belongs to a run that cannot still be going at {@code now}.
   */
  static boolean staleTopic(String topic, Instant now) {
    for (String prefix : TOPIC_PREFIXES) {
      if (topic.startsWith(prefix)) {
        String rest = topic.substring(prefix.length());
        int dash = rest.indexOf('-');
        return stale(PREFIX + (dash < 0 ? rest : rest.substring(0, dash)), now);
      }
    }
    return false;
  }

  /**
   * Deletes the stale test topics on the local Kafka and the stale test indices on the local Elasticsearch, once
   * per JVM. A broker that has collected a few hundred partitions needs minutes and a larger heap to start.
   */
  static void removeTopicsOnce(String kafkaBootstrap, int elasticsearchPort) {
    if (!prunedTopics.compareAndSet(false, true)) {
      return;
    }
    Instant now = Instant.now();
    deleteTopics(kafkaBootstrap, topic -> staleTopic(topic, now));
    if (elasticsearchPort > 0) {
      deleteIndices(elasticsearchPort, index -> staleTopic(index, now));
    }
  }

  /** Deletes the topics on {@code kafkaBootstrap} whose name passes {@code which}; logs and goes on if it cannot. */
  static void deleteTopics(String kafkaBootstrap, Predicate<String> which) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(properties)) {
      List<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(which).toList();
      if (!doomed.isEmpty()) {
        admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        log.info("deleted {} test Kafka topics", doomed.size());
      }
    } catch (ExecutionException | TimeoutException e) {
      log.warn("could not delete test Kafka topics: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes the Elasticsearch indices whose name passes {@code which}; logs and goes on if it cannot. */
  static void deleteIndices(int elasticsearchPort, Predicate<String> which) {
    try (RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", elasticsearchPort, "http")).build()) {
      Response response = rest.performRequest(new Request("GET", "/_cat/indices?h=index"));
      String body = new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
      List<String> doomed = body.lines().map(String::strip).filter(which).toList();
      for (String index : doomed) {
        rest.performRequest(new Request("DELETE", "/" + index));
      }
      if (!doomed.isEmpty()) {
        log.info("deleted {} test Elasticsearch indices", doomed.size());
      }
    } catch (IOException e) {
      log.warn("could not delete test Elasticsearch indices: {}", e.toString());
    }
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
