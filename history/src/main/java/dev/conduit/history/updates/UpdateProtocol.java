package dev.conduit.history.updates;

import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;

/** The names and server failures of Temporal's Workflow Update protocol, as SDKs know them. */
public final class UpdateProtocol {
  /** An update the worker got in a task and neither accepted nor rejected (a worker without update support). */
  public static final Failure UNPROCESSED = serverFailure("UnprocessedUpdate",
      "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported"
          + " by the worker.");
  /** The outcome of an accepted update whose run closed before it completed. */
  public static final Failure RUN_CLOSED_BEFORE_COMPLETION = serverFailure("AcceptedUpdateCompletedWorkflow",
      "Workflow Update failed because the Workflow completed before the Update completed.");

  private UpdateProtocol() {}

  /** The id of the message that carries update {@code updateId}'s request to the worker. */
  public static String requestMessageId(String updateId) {
    return updateId + "/request";
  }

  private static Failure serverFailure(String type, String message) {
    return Failure.newBuilder()
        .setMessage(message)
        .setSource("Server")
        .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType(type).setNonRetryable(true))
        .build();
  }
}
