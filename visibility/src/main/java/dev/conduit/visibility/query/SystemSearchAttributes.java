package dev.conduit.visibility.query;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.HashMap;
import java.util.Map;

/** Temporal's system (predefined) search attributes and their types. */
public final class SystemSearchAttributes {

  /** Every system search attribute, by name, with its type. */
  public static final Map<String, IndexedValueType> TYPES = build();

  private SystemSearchAttributes() {}

  /** Whether {@code name} (case-sensitive) is a system search attribute. */
  public static boolean isSystem(String name) {
    return TYPES.containsKey(name);
  }

  private static Map<String, IndexedValueType> build() {
    IndexedValueType keyword = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    IndexedValueType keywordList = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST;
    IndexedValueType dateTime = IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
    IndexedValueType integer = IndexedValueType.INDEXED_VALUE_TYPE_INT;
    Map<String, IndexedValueType> types = new HashMap<>();
    types.put("WorkflowId", keyword);
    types.put("RunId", keyword);
    types.put("WorkflowType", keyword);
    types.put("ExecutionStatus", keyword);
    types.put("StartTime", dateTime);
    types.put("CloseTime", dateTime);
    types.put("ExecutionTime", dateTime);
    types.put("ExecutionDuration", integer);
    types.put("TaskQueue", keyword);
    types.put("HistoryLength", integer);
    types.put("HistorySizeBytes", integer);
    types.put("StateTransitionCount", integer);
    types.put("ParentWorkflowId", keyword);
    types.put("ParentRunId", keyword);
    types.put("RootWorkflowId", keyword);
    types.put("RootRunId", keyword);
    types.put("BuildIds", keywordList);
    types.put("TemporalChangeVersion", keywordList);
    types.put("BinaryChecksums", keywordList);
    types.put("BatcherUser", keyword);
    types.put("BatcherNamespace", keyword);
    types.put("TemporalScheduledStartTime", dateTime);
    types.put("TemporalScheduledById", keyword);
    types.put("TemporalSchedulePaused", IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    types.put("TemporalNamespaceDivision", keyword);
    types.put("TemporalPauseInfo", keywordList);
    types.put("TemporalReportedProblems", keywordList);
    types.put("TemporalWorkerDeployment", keyword);
    types.put("TemporalWorkerDeploymentVersion", keyword);
    types.put("TemporalWorkflowVersioningBehavior", keyword);
    types.put("TemporalUsedWorkerDeploymentVersions", keywordList);
    return Map.copyOf(types);
  }
}
