package dev.conduit.frontend;

import io.temporal.api.namespace.v1.NamespaceInfo;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;

/**
 * The optional features this server tells SDKs it has. SDKs switch behaviour on these flags (a claimed
 * feature makes them call RPCs or send fields that must then work), so a flag turns true only with the
 * change that implements it. Every flag left false here is a feature not built yet.
 */
public final class ServerCapabilities {
  private ServerCapabilities() {}

  /** For GetSystemInfo. */
  /** @param visibilityStore whether this frontend has an advanced visibility store (lists, counts, GROUP BY) */
  public static GetSystemInfoResponse.Capabilities system(boolean visibilityStore) {
    return GetSystemInfoResponse.Capabilities.newBuilder()
        // every error goes through ApiErrors: INTERNAL only for real server faults, so SDKs may stop
        // retrying INTERNAL and keep retrying UNAVAILABLE
        .setInternalErrorDifferentiation(true)
        // signal headers travel whole to history, which keeps them in the signaled event; a query's header
        // stays in its WorkflowQuery, which matching hands to the worker as is
        .setSignalAndQueryHeader(true)
        // the SDK's flags, name and version stay on the WorkflowTaskCompleted event, so a worker that
        // replays the history decides as the worker that wrote it did
        .setSdkMetadata(true)
        // the heartbeat details a worker sends with an activity's failure are kept, and the retry gets them
        .setActivityFailureIncludeHeartbeat(true)
        // not built yet: schedules, Nexus, build-id versioning, encoded failure attributes
        .setSupportsSchedules(false)
        .setEncodedFailureAttributes(false)
        .setBuildIdBasedVersioning(false)
        // memo upserts merge key by key; a nil value removes its key
        .setUpsertMemo(true)
        // a start with request_eager_execution answers with its first workflow task started for the caller
        .setEagerWorkflowStart(true)
        // CountWorkflowExecutions with GROUP BY ExecutionStatus, on the advanced visibility store
        .setCountGroupByExecutionStatus(visibilityStore)
        .setNexus(false)
        .build();
  }

  /**
   * For NamespaceInfo in Describe/List/Update: eager workflow start, Workflow Update, waited for to completion (sync)
   * or to acceptance (async). The rest is false: e.g. a claimed worker_heartbeats makes the Java worker call
   * RecordWorkerHeartbeat.
   */
  public static NamespaceInfo.Capabilities namespace() {
    return NamespaceInfo.Capabilities.newBuilder()
        .setEagerWorkflowStart(true)
        .setSyncUpdate(true)
        .setAsyncUpdate(true)
        .setWorkerHeartbeats(false)
        .build();
  }
}
