package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES;
import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES;

import dev.conduit.history.workflow.EventFactory;
import dev.conduit.history.workflow.WorkflowStart;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ModifyWorkflowPropertiesCommandAttributes;
import io.temporal.api.command.v1.RecordMarkerCommandAttributes;
import io.temporal.api.command.v1.UpsertWorkflowSearchAttributesCommandAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.temporal.api.history.v1.WorkflowPropertiesModifiedEventAttributes;

/**
 * RecordMarker (local activities, side effects, versions), UpsertWorkflowSearchAttributes and
 * ModifyWorkflowProperties: events that change nothing but the run's recorded properties.
 */
final class PropertyCommands {
  private PropertyCommands() {}

  static void recordMarker(CommandContext context, Command command) {
    RecordMarkerCommandAttributes attributes = command.getRecordMarkerCommandAttributes();
    context.requireId(WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES, "MarkerName", attributes.getMarkerName());
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES, "RecordMarker details",
        attributes.toBuilder().clearMarkerName().build());
    MarkerRecordedEventAttributes.Builder event = MarkerRecordedEventAttributes.newBuilder()
        .setMarkerName(attributes.getMarkerName())
        .putAllDetails(attributes.getDetailsMap())
        .setWorkflowTaskCompletedEventId(context.completedEventId);
    if (attributes.hasHeader()) {
      event.setHeader(attributes.getHeader());
    }
    if (attributes.hasFailure()) {
      event.setFailure(attributes.getFailure());
    }
    context.tx.append(EventFactory.markerRecorded(event.build()));
  }

  static void upsertSearchAttributes(CommandContext context, Command command) {
    UpsertWorkflowSearchAttributesCommandAttributes attributes = command.getUpsertWorkflowSearchAttributesCommandAttributes();
    if (attributes.getSearchAttributes().getIndexedFieldsCount() == 0) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, "SearchAttributes are not set");
    }
    context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, "SearchAttributes",
        attributes.getSearchAttributes());
    context.requireSearchAttributes(attributes.getSearchAttributes());
    context.tx.append(EventFactory.upsertSearchAttributes(UpsertWorkflowSearchAttributesEventAttributes.newBuilder()
        .setWorkflowTaskCompletedEventId(context.completedEventId)
        .setSearchAttributes(attributes.getSearchAttributes())
        .build()));
  }

  static void modifyProperties(CommandContext context, Command command) {
    ModifyWorkflowPropertiesCommandAttributes attributes = command.getModifyWorkflowPropertiesCommandAttributes();
    if (!attributes.hasUpsertedMemo()) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES,
          "UpsertedMemo is not set");
    }
    Memo merged = WorkflowStart.parseStored(context.tx.state().info().getMemo(), Memo.parser(), Memo.getDefaultInstance()).toBuilder()
        .putAllFields(attributes.getUpsertedMemo().getFieldsMap())
        .build();
    if (merged.getSerializedSize() > context.config().memoSizeLimit()) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES,
          "Memo exceeds size limit of " + context.config().memoSizeLimit() + " bytes");
    }
    context.tx.append(EventFactory.propertiesModified(WorkflowPropertiesModifiedEventAttributes.newBuilder()
        .setWorkflowTaskCompletedEventId(context.completedEventId)
        .setUpsertedMemo(attributes.getUpsertedMemo())
        .build()));
  }
}
