package dev.conduit.deploy;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** Registers the {@code default} namespace that SDK samples use, through the public API like any client. */
final class DefaultNamespace {
  static final String NAME = "default";

  private DefaultNamespace() {}

  static String ensure(String frontend, String cluster) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(frontend).build());
    try {
      stubs.blockingStub().registerNamespace(
          RegisterNamespaceRequest.newBuilder()
              .setNamespace(NAME)
              .setDescription("The namespace SDK clients use when they name none.")
              .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
              .build());
      return "namespace default registered";
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return "namespace default exists";
      }
      throw e;
    } finally {
      stubs.shutdownNow();
    }
  }
}
