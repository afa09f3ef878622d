package dev.conduit.history.api.respondworkflowtaskcompleted;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.conduit.history.updates.UpdateProtocol;
import dev.conduit.history.updates.UpdateRegistry;
import dev.conduit.history.workflow.WorkflowUpdates;
import dev.conduit.persistence.execution.WorkflowKey;
import io.temporal.api.command.v1.Command;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.update.v1.Acceptance;
import io.temporal.api.update.v1.Rejection;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Workflow Update messages of one workflow task completion (Temporal's message protocol). A
 * PROTOCOL_MESSAGE command places its message among the commands; messages no command names (rejections)
 * are handled after the last command, in the order they came. An acceptance writes
 * WorkflowExecutionUpdateAccepted with the admitted request (or, for an update admitted durably by its own event,
 * naming that event), a response WorkflowExecutionUpdateCompleted; a
 * rejection writes nothing. An update the task carried that the worker did not answer is rejected as
 * unprocessed. Registry changes wait for {@link #afterCommit}: a failed write leaves the updates admitted,
 * and the next task carries them again.
 */
final class UpdateMessages {
  private final UpdateRegistry registry;
  private final WorkflowKey key;
  private final Map<String, io.temporal.api.protocol.v1.Message> byId = new LinkedHashMap<>();
  private final Set<String> handled = new HashSet<>();
  private final Set<String> answered = new HashSet<>();
  private final List<String> accepted = new ArrayList<>();
  private final Map<UpdateRegistry.Admitted, Failure> rejected = new LinkedHashMap<>();

  UpdateMessages(UpdateRegistry registry, WorkflowKey key, List<io.temporal.api.protocol.v1.Message> messages) {
    this.registry = registry;
    this.key = key;
    for (io.temporal.api.protocol.v1.Message message : messages) {
      if (byId.putIfAbsent(message.getId(), message) != null) {
        throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
            "message id " + message.getId() + " appears twice");
      }
    }
  }

  /** COMMAND_TYPE_PROTOCOL_MESSAGE: handles the message it names, here among the commands. */
  void handleCommand(CommandContext context, Command command) {
    String messageId = command.getProtocolMessageCommandAttributes().getMessageId();
    io.temporal.api.protocol.v1.Message message = byId.get(messageId);
    if (message == null) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
          "ProtocolMessageCommand names message " + messageId + ", which the task completion does not carry");
    }
    if (!handled.add(messageId)) {
      throw new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
          "message " + messageId + " is named by two ProtocolMessageCommands");
    }
    handle(context, message);
  }

  /**
   * After the commands: the messages no command named, then the updates this task carried that the worker left
   * unanswered (rejected as unprocessed).
   */
  void handleRemaining(CommandContext context, long taskScheduledEventId) {
    for (io.temporal.api.protocol.v1.Message message : byId.values()) {
      if (handled.add(message.getId())) {
        handle(context, message);
      }
    }
    if (!context.tx.state().isRunning()) {
      return;
    }
    for (UpdateRegistry.Admitted update : registry.admitted(key)) {
      if (update.sentInTask() == taskScheduledEventId && !answered.contains(update.updateId())) {
        rejected.put(update, UpdateProtocol.UNPROCESSED);
      }
    }
  }

  /** Once the completion is written: accepted updates leave the registry (the run has them), rejected ones too. */
  void afterCommit() {
    accepted.forEach(updateId -> registry.remove(key, updateId));
    rejected.forEach((update, failure) -> registry.reject(key, update, failure));
  }

  private void handle(CommandContext context, io.temporal.api.protocol.v1.Message message) {
    Any body = message.getBody();
    String updateId = message.getProtocolInstanceId();
    if (body.is(Acceptance.class)) {
      accept(context, updateId, unpack(body, Acceptance.class));
    } else if (body.is(Response.class)) {
      Response response = unpack(body, Response.class);
      if (context.tx.state().update(updateId) == null) {
        throw badMessage("update " + updateId + " has a response but was never accepted");
      }
      if (context.tx.state().update(updateId).getCompletedEventId() != 0) {
        throw badMessage("update " + updateId + " is already completed");
      }
      context.requireBlob(WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE, "update outcome",
          response.getOutcome());
      WorkflowUpdates.complete(context.tx, response.getMeta().toBuilder().setUpdateId(updateId).build(),
          response.getOutcome());
      answered.add(updateId);
    } else if (body.is(Rejection.class)) {
      Rejection rejection = unpack(body, Rejection.class);
      if (context.tx.state().update(updateId) != null) {
        throw badMessage("update " + updateId + " is rejected after it was accepted");
      }
      UpdateRegistry.Admitted admitted = registry.find(key, updateId);
      if (admitted != null) {
        rejected.put(admitted, rejection.getFailure());
      }
      answered.add(updateId);
    } else {
      throw badMessage("message " + message.getId() + " has an unknown body type " + body.getTypeUrl());
    }
  }

  private void accept(CommandContext context, String updateId, Acceptance acceptance) {
    if (context.tx.state().update(updateId) != null) {
      throw badMessage("update " + updateId + " is already accepted");
    }
    if (context.tx.state().durablyAdmitted(updateId) != 0) {
      WorkflowUpdates.acceptAdmitted(context.tx, updateId, acceptance.getAcceptedRequestMessageId());
      answered.add(updateId);
      return;
    }
    UpdateRegistry.Admitted admitted = registry.find(key, updateId);
    Request request;
    if (admitted != null) {
      request = admitted.request();
    } else if (acceptance.hasAcceptedRequest()
        && acceptance.getAcceptedRequest().getMeta().getUpdateId().equals(updateId)) {
      // the registry lost it (shard moved or host restarted) but the worker sent the request back
      request = acceptance.getAcceptedRequest();
    } else {
      throw badMessage("update " + updateId + " is not admitted (it may have been lost with its shard); the caller"
          + " retries it");
    }
    WorkflowUpdates.accept(context.tx, request, acceptance.getAcceptedRequestMessageId(),
        acceptance.getAcceptedRequestSequencingEventId());
    accepted.add(updateId);
    answered.add(updateId);
  }

  private static <T extends Message> T unpack(Any body, Class<T> type) {
    try {
      return body.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw badMessage("message body of type " + type.getSimpleName() + " is malformed");
    }
  }

  private static CommandFailure badMessage(String message) {
    return new CommandFailure(WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE, message);
  }
}
