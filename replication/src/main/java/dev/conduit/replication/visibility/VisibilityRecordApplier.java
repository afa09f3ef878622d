package dev.conduit.replication.visibility;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import dev.conduit.replication.service.RetryLaterException;
import dev.conduit.replication.service.TaskApplier;
import dev.conduit.visibility.query.SystemSearchAttributes;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import dev.conduit.visibility.store.VisibilityIndex;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The indexer: writes each visibility record taken from the cluster's visibility topic to Elasticsearch. A
 * record older than the document (a redelivery, or records of one run out of order) changes nothing; while
 * Elasticsearch cannot be reached the record waits (and the offset with it); a record Elasticsearch refuses is
 * retried a few times and then parked in the topic's DLQ by the consumer.
 */
public final class VisibilityRecordApplier implements TaskApplier {
  private final ElasticsearchVisibilityStore store;
  private final Function<String, Map<String, Integer>> registered;
  private final Set<String> mapped = ConcurrentHashMap.newKeySet();
  private final UnregisteredAttributes unregistered;
  private volatile boolean indexReady;

  /**
   * @param registered a namespace's registered custom search attributes by its id (name to IndexedValueType
   *     number): an attribute the index does not map yet is added to the mapping before the record is written, so a
   *     standby, whose namespace registry arrives by replication, maps what the active cluster's operator added; a
   *     record with an attribute not registered yet waits for the registration a while ({@link UnregisteredAttributes})
   */
  public VisibilityRecordApplier(ElasticsearchVisibilityStore store, Function<String, Map<String, Integer>> registered,
      Clock clock) {
    this.store = store;
    this.registered = registered;
    this.unregistered = new UnregisteredAttributes(clock);
  }

  @Override
  public String apply(byte[] task) {
    VisibilityRecord record;
    try {
      record = VisibilityRecord.parseFrom(task);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a visibility record: " + e.getMessage(), e);
    }
    try {
      if (!indexReady) {
        store.ensureIndex();
        indexReady = true;
      }
      mapAttributesOf(record);
      ElasticsearchVisibilityStore.Outcome outcome = store.write(record);
      return outcome + " " + record.getWorkflowId() + "/" + record.getRunId() + " v" + record.getVersion();
    } catch (ElasticsearchVisibilityStore.StoreUnavailableException e) {
      throw new RetryLaterException(e.getMessage(), e);
    }
  }

  private void mapAttributesOf(VisibilityRecord record) {
    if (record.getDeleted() || record.getSearchAttributes().isEmpty()) {
      return;
    }
    SearchAttributes attributes;
    try {
      attributes = SearchAttributes.parseFrom(record.getSearchAttributes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("visibility record with unreadable search attributes", e);
    }
    Map<String, Integer> types = null;
    for (String name : attributes.getIndexedFieldsMap().keySet()) {
      if (mapped.contains(name) || SystemSearchAttributes.isSystem(name)
          || VisibilityIndex.PREDEFINED_CUSTOM.containsKey(name)) {
        continue;
      }
      types = types != null ? types : registered.apply(record.getNamespaceId());
      Integer type = types.get(name);
      if (type == null) {
        if (unregistered.shouldWait(record.getNamespaceId(), name)) {
          throw new RetryLaterException("search attribute " + name + " of namespace " + record.getNamespaceId()
              + " is not registered here yet; its registration may still be on its way");
        }
        continue; // not registered (any more): kept in the source, not indexed
      }
      unregistered.registered(record.getNamespaceId(), name);
      if (store.fieldType(name).isEmpty()) {
        store.addField(name, IndexedValueType.forNumber(type));
      }
      mapped.add(name);
    }
  }
}
