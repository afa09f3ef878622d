package dev.conduit.history.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.history.errors.InvalidRequestException;
import dev.conduit.persistence.execution.WorkflowKey;
import dev.conduit.proto.token.v1.TaskKind;
import dev.conduit.proto.token.v1.TaskToken;

/** Encoding of the task tokens handed to workers, and their checks on the way back. */
public final class TaskTokens {
  private TaskTokens() {}

  public static ByteString encode(TaskToken token) {
    return token.toByteString();
  }

  /** Decodes a token the worker sent back, which must be of {@code kind} and of {@code namespaceId}. */
  public static TaskToken decode(ByteString bytes, TaskKind kind, String namespaceId) {
    if (bytes.isEmpty()) {
      throw new InvalidRequestException("task token is not set");
    }
    TaskToken token;
    try {
      token = TaskToken.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("task token is malformed");
    }
    if (token.getKind() != kind) {
      throw new InvalidRequestException("task token is not a " + kind + " token");
    }
    if (token.getWorkflowId().isEmpty() || token.getRunId().isEmpty()) {
      throw new InvalidRequestException("task token names no workflow run");
    }
    if (!namespaceId.isEmpty() && !token.getNamespaceId().equals(namespaceId)) {
      throw new InvalidRequestException("task token belongs to another namespace");
    }
    return token;
  }

  public static WorkflowKey key(TaskToken token) {
    return new WorkflowKey(token.getNamespaceId(), token.getWorkflowId(), token.getRunId());
  }
}
