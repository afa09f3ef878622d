package dev.conduit.visibility.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.conduit.proto.visibility.v1.VisibilityRecord;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.common.v1.WorkflowType;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's visibility record as an Elasticsearch document and back. The document holds every system attribute
 * under its Temporal name (what queries name) and every custom search attribute under its own name, plus the
 * whole record in {@value #RECORD} (stored, not indexed), from which list answers are built exactly as history
 * published them.
 */
public final class VisibilityDocuments {
  public static final String NAMESPACE_ID = "NamespaceId";
  public static final String RECORD = "Record";

  private VisibilityDocuments() {}

  /** The document id: one document per run. */
  public static String id(VisibilityRecord record) {
    return record.getNamespaceId() + "/" + record.getWorkflowId() + "/" + record.getRunId();
  }

  public static Map<String, Object> document(VisibilityRecord record) {
    Map<String, Object> doc = new LinkedHashMap<>();
    searchAttributes(record).getIndexedFieldsMap().forEach((name, payload) ->
        SearchAttributeValues.indexable(payload).ifPresent(value -> doc.put(name, value)));
    doc.put(NAMESPACE_ID, record.getNamespaceId());
    doc.put("WorkflowId", record.getWorkflowId());
    doc.put("RunId", record.getRunId());
    doc.put("WorkflowType", record.getWorkflowType());
    doc.put("TaskQueue", record.getTaskQueue());
    doc.put("ExecutionStatus", statusName(WorkflowExecutionStatus.forNumber(record.getStatus())));
    doc.put("StartTime", rfc3339(record.getStartTime()));
    doc.put("ExecutionTime", rfc3339(record.getExecutionTime()));
    if (record.hasCloseTime()) {
      doc.put("CloseTime", rfc3339(record.getCloseTime()));
      Duration duration = Duration.between(instant(record.getExecutionTime()), instant(record.getCloseTime()));
      doc.put("ExecutionDuration", Math.max(0, duration.toNanos()));
    }
    doc.put("HistoryLength", record.getHistoryLength());
    doc.put("HistorySizeBytes", record.getHistorySizeBytes());
    doc.put("StateTransitionCount", record.getStateTransitionCount());
    if (!record.getParentWorkflowId().isEmpty()) {
      doc.put("ParentWorkflowId", record.getParentWorkflowId());
      doc.put("ParentRunId", record.getParentRunId());
    }
    doc.put("RootWorkflowId", record.getRootWorkflowId());
    doc.put("RootRunId", record.getRootRunId());
    doc.put(RECORD, Base64.getEncoder().encodeToString(record.toByteArray()));
    return doc;
  }

  /** The record a document was made of. */
  public static VisibilityRecord record(Map<String, Object> document) {
    Object encoded = document.get(RECORD);
    if (!(encoded instanceof String text)) {
      throw new IllegalArgumentException("visibility document without its record");
    }
    try {
      return VisibilityRecord.parseFrom(Base64.getDecoder().decode(text));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("visibility document with an unreadable record", e);
    }
  }

  /** What ListWorkflowExecutions answers for a run. */
  public static WorkflowExecutionInfo executionInfo(VisibilityRecord record) {
    WorkflowExecutionInfo.Builder info = WorkflowExecutionInfo.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(record.getWorkflowId()).setRunId(record.getRunId()))
        .setType(WorkflowType.newBuilder().setName(record.getWorkflowType()))
        .setStartTime(record.getStartTime())
        .setExecutionTime(record.getExecutionTime())
        .setStatus(WorkflowExecutionStatus.forNumber(record.getStatus()))
        .setHistoryLength(record.getHistoryLength())
        .setHistorySizeBytes(record.getHistorySizeBytes())
        .setStateTransitionCount(record.getStateTransitionCount())
        .setTaskQueue(record.getTaskQueue())
        .setMemo(parse(record.getMemo().toByteArray(), Memo.getDefaultInstance()))
        .setSearchAttributes(searchAttributes(record))
        .setRootExecution(WorkflowExecution.newBuilder()
            .setWorkflowId(record.getRootWorkflowId()).setRunId(record.getRootRunId()));
    if (record.hasCloseTime()) {
      info.setCloseTime(record.getCloseTime());
      Duration duration = Duration.between(instant(record.getExecutionTime()), instant(record.getCloseTime()));
      if (!duration.isNegative()) {
        info.setExecutionDuration(com.google.protobuf.Duration.newBuilder()
            .setSeconds(duration.getSeconds()).setNanos(duration.getNano()));
      }
    }
    if (!record.getParentWorkflowId().isEmpty()) {
      info.setParentExecution(WorkflowExecution.newBuilder()
          .setWorkflowId(record.getParentWorkflowId()).setRunId(record.getParentRunId()));
    }
    return info.build();
  }

  /** Temporal's name of a status as queries write it: Running, Completed, Failed, ... */
  public static String statusName(WorkflowExecutionStatus status) {
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING -> "Running";
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "Completed";
      case WORKFLOW_EXECUTION_STATUS_FAILED -> "Failed";
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> "Canceled";
      case WORKFLOW_EXECUTION_STATUS_TERMINATED -> "Terminated";
      case WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW -> "ContinuedAsNew";
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "TimedOut";
      default -> "Unspecified";
    };
  }

  private static SearchAttributes searchAttributes(VisibilityRecord record) {
    return parse(record.getSearchAttributes().toByteArray(), SearchAttributes.getDefaultInstance());
  }

  @SuppressWarnings("unchecked")
  private static <T extends com.google.protobuf.Message> T parse(byte[] bytes, T defaultInstance) {
    try {
      return (T) defaultInstance.getParserForType().parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return defaultInstance;
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  static String rfc3339(Timestamp timestamp) {
    return instant(timestamp).toString();
  }
}
