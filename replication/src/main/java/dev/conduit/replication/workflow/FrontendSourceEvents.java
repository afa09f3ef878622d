package dev.conduit.replication.workflow;

import com.google.protobuf.ByteString;
import dev.conduit.config.HostPort;
import dev.conduit.proto.admin.v1.AdminServiceGrpc;
import dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryRequest;
import dev.conduit.proto.admin.v1.GetWorkflowExecutionRawHistoryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link SourceEvents} through the source cluster's frontend: the admin API's GetWorkflowExecutionRawHistory, paged,
 * by namespace id, from the branch that holds the last event wanted. The frontend's address comes from
 * {@code clusterMetadata.clusterInformation}; clusters added at run time through the OperatorService are not read.
 */
public final class FrontendSourceEvents implements SourceEvents, AutoCloseable {
  private static final int PAGE_SIZE = 100;

  private final Function<String, Optional<HostPort>> frontendOf;
  private final Duration timeout;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public FrontendSourceEvents(Function<String, Optional<HostPort>> frontendOf, Duration timeout) {
    this.frontendOf = frontendOf;
    this.timeout = timeout;
  }

  @Override
  public List<ByteString> read(String sourceCluster, String namespaceId, String workflowId, String runId,
      long afterEventId, long lastEventId, long lastEventVersion) {
    AdminServiceGrpc.AdminServiceBlockingStub stub = AdminServiceGrpc.newBlockingStub(channel(sourceCluster));
    GetWorkflowExecutionRawHistoryRequest.Builder request = GetWorkflowExecutionRawHistoryRequest.newBuilder()
        .setNamespaceId(namespaceId)
        .setWorkflowId(workflowId)
        .setRunId(runId)
        .setStartEventId(afterEventId)
        .setEndEventId(lastEventId)
        .setEndEventVersion(lastEventVersion)
        .setMaximumPageSize(PAGE_SIZE);
    List<ByteString> events = new ArrayList<>();
    while (true) {
      GetWorkflowExecutionRawHistoryResponse page = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getWorkflowExecutionRawHistory(request.build());
      events.addAll(page.getEventsList());
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
