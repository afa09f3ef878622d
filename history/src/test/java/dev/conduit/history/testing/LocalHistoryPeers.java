package dev.conduit.history.testing;

import dev.conduit.history.api.recordchildcompleted.RecordChildCompleted;
import dev.conduit.history.api.requestcancelexternal.RequestCancelExternal;
import dev.conduit.history.api.requestcancelworkflow.RequestCancelWorkflow;
import dev.conduit.history.api.signalexternal.SignalExternal;
import dev.conduit.history.api.startchildworkflow.StartChildWorkflow;
import dev.conduit.history.api.startworkflow.StartWorkflow;
import dev.conduit.history.api.terminateworkflow.TerminateWorkflow;
import dev.conduit.history.client.HistoryPeerClient;
import dev.conduit.history.shard.ShardController;
import dev.conduit.proto.history.v1.ExternalRequest;
import dev.conduit.proto.history.v1.RecordChildCompletedRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowRequest;
import dev.conduit.proto.history.v1.StartChildWorkflowResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Peer calls served by the same in-process shards (every shard of a test lives in one controller), and
 * recorded so tests can see them. Wired after the controller exists, since each needs the other.
 */
public final class LocalHistoryPeers implements HistoryPeerClient {
  private final List<Object> calls = new ArrayList<>();
  private StartChildWorkflow startChild;
  private RecordChildCompleted recordChildCompleted;
  private SignalExternal signalExternal;
  private RequestCancelExternal requestCancelExternal;
  private TerminateWorkflow terminate;
  private RequestCancelWorkflow requestCancel;

  void wire(ShardController shards) {
    startChild = new StartChildWorkflow(new StartWorkflow(shards));
    recordChildCompleted = new RecordChildCompleted(shards);
    signalExternal = new SignalExternal(shards);
    requestCancelExternal = new RequestCancelExternal(shards);
    terminate = new TerminateWorkflow(shards);
    requestCancel = new RequestCancelWorkflow(shards);
  }

  public synchronized List<Object> calls() {
    return List.copyOf(calls);
  }

  private synchronized void record(Object call) {
    calls.add(call);
  }

  @Override
  public StartChildWorkflowResponse startChildWorkflow(StartChildWorkflowRequest request) {
    record(request);
    return startChild.invoke(request);
  }

  @Override
  public void recordChildCompleted(RecordChildCompletedRequest request) {
    record(request);
    recordChildCompleted.invoke(request);
  }

  @Override
  public void signalExternal(ExternalRequest request) {
    record(request);
    signalExternal.invoke(request);
  }

  @Override
  public void requestCancelExternal(ExternalRequest request) {
    record(request);
    requestCancelExternal.invoke(request);
  }

  @Override
  public void terminate(String namespaceId, TerminateWorkflowExecutionRequest request) {
    record(request);
    terminate.invoke(namespaceId, request);
  }

  @Override
  public void requestCancel(String namespaceId, RequestCancelWorkflowExecutionRequest request) {
    record(request);
    requestCancel.invoke(namespaceId, request);
  }
}
