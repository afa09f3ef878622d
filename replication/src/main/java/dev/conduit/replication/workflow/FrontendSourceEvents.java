package dev.conduit.replication.workflow;

import com.google.protobuf.ByteString;
import dev.conduit.config.HostPort;
import dev.conduit.persistence.namespace.NamespaceStore;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link SourceEvents} through the source cluster's frontend: the public GetWorkflowExecutionHistory, paged, by
 * namespace name (from this cluster's replicated copy of the namespace). The frontend's address comes from
 * {@code clusterMetadata.clusterInformation}; clusters added at run time through the OperatorService are not read.
 */
public final class FrontendSourceEvents implements SourceEvents, AutoCloseable {
  private static final int PAGE_SIZE = 100;

  private final Function<String, Optional<HostPort>> frontendOf;
  private final NamespaceStore namespaces;
  private final Duration timeout;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public FrontendSourceEvents(Function<String, Optional<HostPort>> frontendOf, NamespaceStore namespaces,
      Duration timeout) {
    this.frontendOf = frontendOf;
    this.namespaces = namespaces;
    this.timeout = timeout;
  }

  @Override
  public List<ByteString> read(String sourceCluster, String namespaceId, String workflowId, String runId,
      long fromEventId, long nextEventId) {
    String namespace = namespaces.getById(namespaceId)
        .orElseThrow(() -> new IllegalStateException("namespace " + namespaceId + " is not known here"))
        .detail().getInfo().getName();
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = WorkflowServiceGrpc.newBlockingStub(channel(sourceCluster));
    GetWorkflowExecutionHistoryRequest.Builder request = GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(namespace)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
        .setMaximumPageSize(PAGE_SIZE);
    List<ByteString> events = new ArrayList<>();
    while (true) {
      GetWorkflowExecutionHistoryResponse page = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getWorkflowExecutionHistory(request.build());
      for (HistoryEvent event : page.getHistory().getEventsList()) {
        if (event.getEventId() >= nextEventId) {
          return events;
        }
        if (event.getEventId() >= fromEventId) {
          events.add(event.toByteString());
        }
      }
      if (page.getNextPageToken().isEmpty()) {
        return events;
      }
      request.setNextPageToken(page.getNextPageToken());
    }
  }

  private ManagedChannel channel(String cluster) {
    return channels.computeIfAbsent(cluster, name -> {
      HostPort address = frontendOf.apply(name).orElseThrow(() -> new IllegalStateException(
          "cluster " + name + " has no rpcAddress in clusterMetadata.clusterInformation"));
      return NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext()
          .maxInboundMessageSize(64 * 1024 * 1024).build();
    });
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
