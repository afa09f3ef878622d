package dev.conduit.history.client;

import dev.conduit.history.errors.HistoryUnavailableException;
import dev.conduit.proto.history.v1.ExternalRequest;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;

/**
 * History's view of the other history shards: the transfer queue starts children, reports a child's
 * close to its parent, delivers signals and cancellation requests to other workflows, and applies
 * parent close policies through it. Each call goes to the owner of the target workflow's shard (which
 * may be this host).
 *
 * <p>Calls throw history's own exceptions: {@link dev.conduit.history.errors.EntityNotFoundException}
 * (no such run, or it already closed), {@link dev.conduit.history.errors.WorkflowAlreadyStartedException},
 * {@link dev.conduit.history.errors.NamespaceNotFoundException},
 * {@link dev.conduit.history.errors.SignalLimitExceededException}, and a retryable
 * {@link HistoryUnavailableException} for anything the queue should try again.
 */
public interface HistoryPeerClient {

  StartChildWorkflowResponse startChildWorkflow(StartChildWorkflowRequest request);

  void recordChildCompleted(RecordChildCompletedRequest request);

  void signalExternal(ExternalRequest request);

  void requestCancelExternal(ExternalRequest request);

  /** Parent close policy TERMINATE. */
  void terminate(String namespaceId, TerminateWorkflowExecutionRequest request);

  /** Parent close policy REQUEST_CANCEL. */
  void requestCancel(String namespaceId, RequestCancelWorkflowExecutionRequest request);

  /** A client for a history that was started without peers: every call is retried until wired. */
  static HistoryPeerClient unavailable() {
    return new HistoryPeerClient() {
      @Override
      public StartChildWorkflowResponse startChildWorkflow(StartChildWorkflowRequest request) {
        throw missing();
      }

      @Override
      public void recordChildCompleted(RecordChildCompletedRequest request) {
        throw missing();
      }

      @Override
      public void signalExternal(ExternalRequest request) {
        throw missing();
      }

      @Override
      public void requestCancelExternal(ExternalRequest request) {
        throw missing();
      }

      @Override
      public void terminate(String namespaceId, TerminateWorkflowExecutionRequest request) {
        throw missing();
      }

      @Override
      public void requestCancel(String namespaceId, RequestCancelWorkflowExecutionRequest request) {
        throw missing();
      }

      private HistoryUnavailableException missing() {
        return new HistoryUnavailableException("this history host has no client for other history shards", null);
      }
    };
  }
}
