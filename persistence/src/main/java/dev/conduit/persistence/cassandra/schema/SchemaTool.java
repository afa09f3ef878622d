package dev.conduit.persistence.cassandra.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades a cluster's keyspace to a schema version, in the manner of
 * {@code temporal-cassandra-tool setup-schema / update-schema}: the keyspace records its current version
 * in {@code schema_version} and each applied version in {@code schema_update_history}.
 *
 * <p>Versions are applied in order; each version's statements are idempotent, and the version row moves
 * forward with a lightweight transaction, so two tools running at once apply each version at most to
 * completion and never move the version backwards.
 */
public final class SchemaTool {
  private static final Logger log = LoggerFactory.getLogger(SchemaTool.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

  private final CqlSession session;
  private final String keyspace;
  private final SchemaCatalog catalog;

  /** {@code session} must not be bound to a keyspace; statements name the keyspace themselves. */
  public SchemaTool(CqlSession session, String keyspace, SchemaCatalog catalog) {
    if (!IDENTIFIER.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("keyspace name '" + keyspace + "' is not a valid Cassandra identifier (letters, digits, _; at most 48)");
    }
    this.session = session;
    this.keyspace = keyspace;
    this.catalog = catalog;
  }

  /** Creates the keyspace (replicated {@code replicationFactor} times in {@code datacenter}) and applies every version. */
  public int setup(String datacenter, int replicationFactor) {
    return setup(datacenter, replicationFactor, catalog.latest());
  }

  /** Creates the keyspace and applies the versions up to {@code target}. */
  public int setup(String datacenter, int replicationFactor, int target) {
    execute(
        "CREATE KEYSPACE IF NOT EXISTS " + keyspace
            + " WITH replication = {'class': 'NetworkTopologyStrategy', '" + datacenter + "': " + replicationFactor + "}");
    createVersionTables();
    return update(target);
  }

  /** Applies the versions after the current one up to {@code target}; returns the version reached. */
  public int update(int target) {
    if (target > catalog.latest()) {
      throw new IllegalArgumentException("schema version " + target + " does not exist; the latest is " + catalog.latest());
    }
    if (!keyspaceExists()) {
      throw new IllegalStateException("keyspace " + keyspace + " does not exist: run setup-schema first");
    }
    createVersionTables();
    int current = currentVersion();
    if (target < current) {
      throw new IllegalArgumentException("keyspace " + keyspace + " is at version " + current + "; downgrading to " + target + " is not supported");
    }
    for (SchemaVersion version : catalog.between(current, target)) {
      log.info("applying schema version {} ({}) to {}", version.number(), version.description(), keyspace);
      for (String statement : version.statements()) {
        execute(qualify(statement));
      }
      advance(current, version);
      current = version.number();
    }
    return current;
  }

  /** The keyspace's recorded version, 0 when nothing was applied yet. */
  public int currentVersion() {
    Row row =
        session.execute(SimpleStatement.newInstance("SELECT curr_version FROM " + keyspace + ".schema_version WHERE keyspace_name = ?", keyspace)).one();
    return row == null ? 0 : row.getInt("curr_version");
  }

  public boolean keyspaceExists() {
    return session.getMetadata().getKeyspace(keyspace).isPresent()
        || session.execute(SimpleStatement.newInstance("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace)).one() != null;
  }

  private void createVersionTables() {
    execute(
        "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_version ("
            + "keyspace_name text PRIMARY KEY, curr_version int, min_compatible_version int, creation_time timestamp)");
    execute(
        "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_update_history ("
            + "year int, month int, update_time timeuuid, old_version int, new_version int, description text,"
            + " PRIMARY KEY ((year, month), update_time))");
  }

  private void advance(int from, SchemaVersion version) {
    SimpleStatement statement =
        from == 0
            ? SimpleStatement.newInstance(
                "INSERT INTO " + keyspace + ".schema_version (keyspace_name, curr_version, min_compatible_version, creation_time)"
                    + " VALUES (?, ?, ?, ?) IF NOT EXISTS",
                keyspace, version.number(), version.number(), Instant.now())
            : SimpleStatement.newInstance(
                "UPDATE " + keyspace + ".schema_version SET curr_version = ?, min_compatible_version = ?, creation_time = ?"
                    + " WHERE keyspace_name = ? IF curr_version = ?",
                version.number(), version.number(), Instant.now(), keyspace, from);
    ResultSet result = session.execute(statement);
    if (!result.wasApplied()) {
      int now = currentVersion();
      if (now < version.number()) {
        throw new IllegalStateException("schema version of " + keyspace + " moved to " + now + " while applying " + version.number());
      }
      log.info("another tool already advanced {} to version {}", keyspace, now);
      return;
    }
    ZonedDateTime utc = ZonedDateTime.now(ZoneOffset.UTC);
    session.execute(
        SimpleStatement.newInstance(
            "INSERT INTO " + keyspace + ".schema_update_history (year, month, update_time, old_version, new_version, description)"
                + " VALUES (?, ?, ?, ?, ?, ?)",
            utc.getYear(), utc.getMonthValue(), Uuids.timeBased(), from, version.number(), version.description()));
  }

  /** Versioned files name tables without a keyspace; the tool applies them to its keyspace. */
  private String qualify(String statement) {
    return statement.replaceFirst(
        "(?i)^(CREATE TABLE IF NOT EXISTS|CREATE TABLE|ALTER TABLE|CREATE TYPE IF NOT EXISTS|CREATE TYPE|DROP TABLE IF EXISTS|DROP TABLE|CREATE INDEX IF NOT EXISTS \\w+ ON|CREATE INDEX \\w+ ON)\\s+(?!\\w+\\.)(\\w+)",
        "$1 " + keyspace + ".$2");
  }

  private void execute(String cql) {
    ResultSet result = session.execute(SimpleStatement.newInstance(cql));
    if (!result.getExecutionInfo().isSchemaInAgreement()) {
      // wait for every node to see the change before the next statement depends on it
      session.checkSchemaAgreement();
    }
  }
}
