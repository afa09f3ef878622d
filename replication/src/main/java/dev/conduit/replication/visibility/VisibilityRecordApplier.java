package dev.conduit.replication.visibility;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import dev.conduit.replication.service.RetryLaterException;
import dev.conduit.replication.service.TaskApplier;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;

/**
 * The indexer: writes each visibility record taken from the cluster's visibility topic to Elasticsearch. A
 * record older than the document (a redelivery, or records of one run out of order) changes nothing; while
 * Elasticsearch cannot be reached the record waits (and the offset with it); a record Elasticsearch refuses is
 * retried a few times and then parked in the topic's DLQ by the consumer.
 */
public final class VisibilityRecordApplier implements TaskApplier {
  private final ElasticsearchVisibilityStore store;
  private volatile boolean indexReady;

  public VisibilityRecordApplier(ElasticsearchVisibilityStore store) {
    this.store = store;
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
      ElasticsearchVisibilityStore.Outcome outcome = store.write(record);
      return outcome + " " + record.getWorkflowId() + "/" + record.getRunId() + " v" + record.getVersion();
    } catch (ElasticsearchVisibilityStore.StoreUnavailableException e) {
      throw new RetryLaterException(e.getMessage(), e);
    }
  }
}
