package dev.conduit.persistence.namespace;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link NamespaceStore} on the {@code namespaces_by_name} and {@code namespaces_by_id} tables (schema
 * v4). All namespace rows share one partition whose static {@code notification_version} column is the
 * store's notification version: each write is one conditional batch that writes the row and moves the
 * version from N to N+1 only if it is still N. The written detail records N as its own notification
 * version.
 *
 * <p>The name row decides uniqueness ({@code IF NOT EXISTS}); the id row is an index written after it.
 */
public final class CassandraNamespaceStore implements NamespaceStore {
  static final String ENCODING = "proto3";
  private static final int PARTITION = 0;
  private static final int CREATE_ATTEMPTS = 5;

  private final CqlSession session;
  private final PreparedStatement initVersion;
  private final PreparedStatement readVersion;
  private final PreparedStatement insertName;
  private final PreparedStatement updateName;
  private final PreparedStatement moveVersion;
  private final PreparedStatement selectByName;
  private final PreparedStatement selectPage;
  private final PreparedStatement insertId;
  private final PreparedStatement selectId;

  /** {@code session} is bound to the cluster's keyspace, at schema version 4 or later. */
  public CassandraNamespaceStore(CqlSession session) {
    this.session = session;
    this.initVersion = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.INIT_VERSION);
    this.readVersion = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.READ_VERSION);
    this.insertName = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.INSERT_NAME);
    this.updateName = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.UPDATE_NAME);
    this.moveVersion = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.MOVE_VERSION);
    this.selectByName = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.SELECT_BY_NAME);
    this.selectPage = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.SELECT_PAGE);
    this.insertId = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.INSERT_ID);
    this.selectId = CassandraNamespaceStatements.prepare(session, CassandraNamespaceStatements.SELECT_ID);
  }

  @Override
  public NamespaceDetail create(NamespaceDetail detail) {
    String name = detail.getInfo().getName();
    UUID id = UUID.fromString(detail.getInfo().getId());
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      long version = notificationVersion();
      NamespaceDetail stored = detail.toBuilder().setNotificationVersion(version).build();
      try {
        ResultSet result = conditional(() -> session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            insertName.bind(PARTITION, name, id, encode(stored), ENCODING, stored.getIsGlobal()),
            moveVersion.bind(version + 1, PARTITION, version))));
        if (result.wasApplied()) {
          run(() -> session.execute(insertId.bind(id, name)));
          return stored;
        }
      } catch (OutcomeUnknownException e) {
        // may have been applied: what the name row holds now decides, as for a refused write
      }
      Optional<VersionedNamespace> existing = getByName(name);
      if (existing.isPresent()) {
        if (!existing.get().id().equals(id.toString())) {
          throw new NamespaceAlreadyExistsException(name);
        }
        // our own earlier attempt applied although its answer was lost (a timeout): finish it
        run(() -> session.execute(insertId.bind(id, name)));
        return existing.get().detail();
      }
      // another namespace was written between our read of the version and the batch: go again
    }
    throw new PersistenceException("namespace " + name + ": the notification version kept moving during "
        + CREATE_ATTEMPTS + " attempts to register it", true);
  }

  @Override
  public Optional<VersionedNamespace> getByName(String name) {
    Row row = run(() -> session.execute(selectByName.bind(PARTITION, name))).one();
    return Optional.ofNullable(row).map(CassandraNamespaceStore::versioned);
  }

  @Override
  public Optional<VersionedNamespace> getById(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Row row = run(() -> session.execute(selectId.bind(uuid))).one();
    if (row != null) {
      return getByName(row.getString("name")).filter(found -> found.id().equals(uuid.toString()));
    }
    return repairIdRow(uuid);
  }

  @Override
  public NamespaceDetail update(NamespaceDetail detail, long expectedNotificationVersion) {
    NamespaceDetail stored = detail.toBuilder().setNotificationVersion(expectedNotificationVersion).build();
    String name = stored.getInfo().getName();
    ResultSet result;
    try {
      result = conditional(() -> session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
          updateName.bind(encode(stored), ENCODING, stored.getIsGlobal(), PARTITION, name),
          moveVersion.bind(expectedNotificationVersion + 1, PARTITION, expectedNotificationVersion))));
    } catch (OutcomeUnknownException e) {
      // applied if the name row holds exactly what we wrote; otherwise the caller must reload and decide
      if (getByName(name).filter(found -> found.detail().equals(stored)).isPresent()) {
        return stored;
      }
      throw e;
    }
    if (!result.wasApplied()) {
      throw new NamespaceUpdateConflictException("namespace " + name + " was not updated: another namespace write"
          + " came after notification version " + expectedNotificationVersion);
    }
    return stored;
  }

  @Override
  public NamespacePage list(String afterName, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive, was " + pageSize);
    }
    ResultSet rows = run(() -> session.execute(selectPage.bind(PARTITION, afterName, pageSize + 1)));
    List<NamespaceDetail> page = new ArrayList<>();
    boolean more = false;
    for (Row row : rows) {
      if (row.getString("name") == null) {
        continue; // the partition's static-only row, before any namespace exists
      }
      if (page.size() == pageSize) {
        more = true;
        break;
      }
      page.add(decode(row));
    }
    Optional<String> next = more ? Optional.of(page.get(page.size() - 1).getInfo().getName()) : Optional.empty();
    return new NamespacePage(page, next);
  }

  @Override
  public long notificationVersion() {
    Row row = run(() -> session.execute(readVersion.bind(PARTITION))).one();
    if (row != null && !row.isNull("notification_version")) {
      return row.getLong("notification_version");
    }
    // the very first namespace write of the keyspace: start the version at 0, once
    try {
      conditional(() -> session.execute(initVersion.bind(PARTITION)));
    } catch (OutcomeUnknownException e) {
      // the read below sees whether the version row exists, whoever wrote it
    }
    Row again = run(() -> session.execute(readVersion.bind(PARTITION))).one();
    return again == null || again.isNull("notification_version") ? 0 : again.getLong("notification_version");
  }

  /**
   * A registration that crashed after its name row and before its id row leaves the id unindexed; the
   * name rows are few, so a scan finds it and rewrites the index.
   */
  private Optional<VersionedNamespace> repairIdRow(UUID id) {
    String after = "";
    while (true) {
      NamespacePage page = list(after, 500);
      for (NamespaceDetail detail : page.namespaces()) {
        if (detail.getInfo().getId().equals(id.toString())) {
          run(() -> session.execute(insertId.bind(id, detail.getInfo().getName())));
          return getByName(detail.getInfo().getName());
        }
      }
      if (page.nextAfterName().isEmpty()) {
        return Optional.empty();
      }
      after = page.nextAfterName().get();
    }
  }

  private static VersionedNamespace versioned(Row row) {
    long version = row.isNull("notification_version") ? 0 : row.getLong("notification_version");
    return new VersionedNamespace(decode(row), version);
  }

  private static ByteBuffer encode(NamespaceDetail detail) {
    return ByteBuffer.wrap(detail.toByteArray());
  }

  private static NamespaceDetail decode(Row row) {
    String name = row.getString("name");
    String encoding = row.getString("detail_encoding");
    if (!ENCODING.equals(encoding)) {
      throw new PersistenceException("namespace " + name + ": unknown detail encoding '" + encoding + "'", false);
    }
    try {
      return NamespaceDetail.parseFrom(row.getByteBuffer("detail"));
    } catch (InvalidProtocolBufferException e) {
      throw new PersistenceException("namespace " + name + ": corrupt detail blob", false, e);
    }
  }

  private static <T> T run(Supplier<T> call) {
    try {
      return call.get();
    } catch (DriverException e) {
      throw CassandraNamespaceStatements.translate(e, false);
    }
  }

  /** Runs a lightweight transaction: a timeout of it is an {@link OutcomeUnknownException}. */
  private static <T> T conditional(Supplier<T> call) {
    try {
      return call.get();
    } catch (DriverException e) {
      throw CassandraNamespaceStatements.translate(e, true);
    }
  }
}
