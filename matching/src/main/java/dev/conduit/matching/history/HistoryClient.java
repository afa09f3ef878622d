package dev.conduit.matching.history;

import dev.conduit.proto.history.v1.RecordActivityTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordActivityTaskStartedResponse;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedRequest;
import dev.conduit.proto.history.v1.RecordWorkflowTaskStartedResponse;

/**
 * What matching needs of the history service: recording that a poller took a task, which answers the
 * complete poll response for the worker. Throws {@link StaleTaskException} when the task needs no start
 * (workflow gone or closed, task already started) and {@link HistoryUnavailableException} otherwise.
 */
public interface HistoryClient {

  RecordWorkflowTaskStartedResponse recordWorkflowTaskStarted(RecordWorkflowTaskStartedRequest request);

  RecordActivityTaskStartedResponse recordActivityTaskStarted(RecordActivityTaskStartedRequest request);
}
