package dev.conduit.frontend.admin;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.persistence.execution.RunSummary;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.proto.admin.v1.ListRunsRequest;
import dev.conduit.proto.admin.v1.ListRunsResponse;
import dev.conduit.proto.admin.v1.RunInfo;
import io.grpc.Status;
import java.util.Optional;

/**
 * {@code AdminService.ListRuns}: a namespace's runs in this cluster, read shard by shard from the execution rows
 * (every run the cluster still stores: open ones and closed ones within retention), for
 * {@code conduit admin replication verify}.
 */
final class AdminRuns {
  static final int MAX_RUNS = 10_000;

  private final FrontendContext context;
  private final Optional<AdminService.RunLister> runs;

  AdminRuns(FrontendContext context, Optional<AdminService.RunLister> runs) {
    this.context = context;
    this.runs = runs;
  }

  ListRunsResponse list(ListRunsRequest request) {
    AdminService.RunLister lister = runs.orElseThrow(() ->
        Status.UNIMPLEMENTED.withDescription("this frontend reads no execution store").asRuntimeException());
    if (request.getNamespace().isEmpty()) {
      throw new InvalidArgumentException("namespace", "is empty; say which namespace");
    }
    if (request.getLimit() < 0 || request.getLimit() > MAX_RUNS) {
      throw new InvalidArgumentException("limit", "must be between 0 (the most) and " + MAX_RUNS);
    }
    int limit = request.getLimit() == 0 ? MAX_RUNS : request.getLimit();
    String namespaceId = context.namespaceStore().getByName(request.getNamespace())
        .orElseThrow(() -> new NamespaceNotFoundException(request.getNamespace())).detail().getInfo().getId();
    ListRunsResponse.Builder response = ListRunsResponse.newBuilder().setCluster(context.currentCluster())
        .setNamespaceId(namespaceId);
    for (int shard = 0; shard < context.settings().numHistoryShards(); shard++) {
      for (RunSummary run : lister.ofNamespace(shard, namespaceId)) {
        if (response.getRunsCount() == limit) {
          return response.setTruncated(true).build();
        }
        response.addRuns(RunInfo.newBuilder().setWorkflowId(run.workflowId()).setRunId(run.runId())
            .setState(state(run.state())).setStatus(run.status()).setNextEventId(run.nextEventId())
            .setLastWriteVersion(run.lastWriteVersion()));
      }
    }
    return response.build();
  }

  private static String state(int code) {
    return switch (code) {
      case 0 -> "created";
      case 1 -> "running";
      case 2 -> "completed";
      default -> "state " + code;
    };
  }
}
