package dev.conduit.history.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.tasks.TransferTaskType;
import dev.conduit.proto.persistence.v1.ExecutionInfo;
import dev.conduit.proto.persistence.v1.TransferTaskData;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkerVersionStamp;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporal's {@code BuildIds} search attribute, kept by the server: the build ids of the workers that completed the
 * run's workflow tasks, as Temporal writes them. A task completed by an unversioned worker makes the list
 * {@code unversioned} plus {@code unversioned:<its build id>} when it gave one (only the latest unversioned build is
 * kept); one completed by a worker using versioning adds {@code versioned:<build id>} (each once, at most
 * {@value #LIMIT}). A {@code :} or {@code |} in a build id is escaped with {@code |}. Derived from each
 * WorkflowTaskCompleted event's worker version stamp by its apply function, so replay and a standby cluster get the
 * same list; a change is written into the run's search attributes and indexed (a visibility task).
 */
final class BuildIds {
  static final String NAME = "BuildIds";
  static final String UNVERSIONED = "unversioned";
  static final int LIMIT = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private BuildIds() {}

  /** Applies a WorkflowTaskCompleted event's worker version stamp to the run's BuildIds. */
  static void recordCompletion(ApplyContext ctx, HistoryEvent completed) {
    @SuppressWarnings("deprecation")
    WorkerVersionStamp stamp = completed.getWorkflowTaskCompletedEventAttributes().getWorkerVersion();
    ExecutionInfo.Builder info = ctx.state().infoBuilder();
    SearchAttributes attributes = searchAttributes(info);
    List<String> current = values(attributes.getIndexedFieldsMap().get(NAME));
    List<String> next = next(current, stamp);
    if (next.equals(current)) {
      return;
    }
    info.setSearchAttributes(attributes.toBuilder().putIndexedFields(NAME, payload(next)).build().toByteString());
    ctx.transferTask(completed, TransferTaskType.VISIBILITY, TransferTaskData.getDefaultInstance());
  }

  /** The list after a completion by a worker with {@code stamp}. */
  static List<String> next(List<String> current, WorkerVersionStamp stamp) {
    List<String> next = new ArrayList<>();
    if (stamp.getUseVersioning() && !stamp.getBuildId().isEmpty()) {
      next.addAll(current);
      String value = "versioned:" + escape(stamp.getBuildId());
      if (!next.contains(value) && next.size() < LIMIT) {
        next.add(value);
      }
      return next;
    }
    next.add(UNVERSIONED);
    if (!stamp.getBuildId().isEmpty()) {
      next.add(UNVERSIONED + ":" + escape(stamp.getBuildId()));
    }
    for (String value : current) {
      if (value.startsWith("versioned:") && next.size() < LIMIT) {
        next.add(value);
      }
    }
    return next;
  }

  static String escape(String buildId) {
    return buildId.replace("|", "||").replace(":", "|:");
  }

  private static SearchAttributes searchAttributes(ExecutionInfo.Builder info) {
    if (info.getSearchAttributes().isEmpty()) {
      return SearchAttributes.getDefaultInstance();
    }
    try {
      return SearchAttributes.parseFrom(info.getSearchAttributes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored search attributes do not parse", e);
    }
  }

  private static List<String> values(Payload payload) {
    if (payload == null || payload.getData().isEmpty()) {
      return List.of();
    }
    try {
      return JSON.readValue(payload.getData().toByteArray(), new TypeReference<List<String>>() { });
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static Payload payload(List<String> values) {
    try {
      // metadata in a fixed order: the stored state and its replay must serialize to the same bytes
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
          .putMetadata("type", ByteString.copyFromUtf8("KeywordList"))
          .setData(ByteString.copyFrom(JSON.writeValueAsBytes(values)))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("build ids do not encode", e);
    }
  }
}
