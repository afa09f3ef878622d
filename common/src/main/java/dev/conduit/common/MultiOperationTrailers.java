package dev.conduit.common;

/**
 * How history tells the frontend which operation of an ExecuteMultiOperation failed: the failing operation's own
 * status comes back with this trailer naming its index ("0" for the start, "1" for the update), and the frontend
 * turns it into Temporal's MultiOperationExecutionFailure, the other operation aborted.
 */
public final class MultiOperationTrailers {
  /** The gRPC trailer (ASCII) that carries the index of the failed operation. */
  public static final String FAILED_OPERATION = "conduit-failed-operation";

  private MultiOperationTrailers() {}
}
