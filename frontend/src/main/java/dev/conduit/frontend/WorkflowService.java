package dev.conduit.frontend;

import dev.conduit.frontend.api.DescribeNamespace;
import dev.conduit.frontend.api.GetClusterInfo;
import dev.conduit.frontend.api.GetSystemInfo;
import dev.conduit.frontend.api.ListNamespaces;
import dev.conduit.frontend.api.RegisterNamespace;
import dev.conduit.frontend.api.Unary;
import dev.conduit.frontend.api.UpdateNamespace;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceResponse;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Temporal's public {@code WorkflowService}. Each RPC is one line that hands the request to its
 * operation class in {@code api/}; {@link Unary} answers with the response or the mapped error. RPCs
 * not overridden here answer {@code UNIMPLEMENTED}.
 *
 * <p>To add an RPC: write {@code api/<Rpc>} implementing {@code Operation<Req, Resp>} with a
 * {@link FrontendContext} constructor, add a field built in the constructor, and override the stub
 * method with {@code Unary.call(field, request, observer)}.
 */
public final class WorkflowService extends WorkflowServiceGrpc.WorkflowServiceImplBase {
  private final GetSystemInfo getSystemInfo;
  private final GetClusterInfo getClusterInfo;
  private final RegisterNamespace registerNamespace;
  private final DescribeNamespace describeNamespace;
  private final ListNamespaces listNamespaces;
  private final UpdateNamespace updateNamespace;

  public WorkflowService(FrontendContext context) {
    this.getSystemInfo = new GetSystemInfo();
    this.getClusterInfo = new GetClusterInfo(context);
    this.registerNamespace = new RegisterNamespace(context);
    this.describeNamespace = new DescribeNamespace(context);
    this.listNamespaces = new ListNamespaces(context);
    this.updateNamespace = new UpdateNamespace(context);
  }

  @Override
  public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> observer) {
    Unary.call(getSystemInfo, request, observer);
  }

  @Override
  public void getClusterInfo(GetClusterInfoRequest request, StreamObserver<GetClusterInfoResponse> observer) {
    Unary.call(getClusterInfo, request, observer);
  }

  @Override
  public void registerNamespace(RegisterNamespaceRequest request, StreamObserver<RegisterNamespaceResponse> observer) {
    Unary.call(registerNamespace, request, observer);
  }

  @Override
  public void describeNamespace(DescribeNamespaceRequest request, StreamObserver<DescribeNamespaceResponse> observer) {
    Unary.call(describeNamespace, request, observer);
  }

  @Override
  public void listNamespaces(ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> observer) {
    Unary.call(listNamespaces, request, observer);
  }

  @Override
  public void updateNamespace(UpdateNamespaceRequest request, StreamObserver<UpdateNamespaceResponse> observer) {
    Unary.call(updateNamespace, request, observer);
  }
}
