package dev.conduit.frontend;

import static dev.conduit.frontend.Statuses.catchStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.client.CallSettings;
import dev.conduit.client.Router;
import dev.conduit.client.history.HistoryServiceClient;
import dev.conduit.client.matching.MatchingServiceClient;
import dev.conduit.frontend.routing.Routing;
import dev.conduit.frontend.validation.MessageSizeLimit;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.internal.retryer.GrpcMessageTooLargeException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's own service client against a {@link FrontendServer} on a real port: a Temporal failure that
 * history answers with arrives at the SDK intact, so the SDK can act on it.
 */
class SdkClientTest {
  private final FakeHistory history = new FakeHistory();
  private Server historyServer;
  private FrontendServer frontend;
  private WorkflowServiceStubs sdk;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    historyServer = InProcessServerBuilder.forName(name).addService(history).build().start();
    ManagedChannel toHistory = InProcessChannelBuilder.forName(name).build();
    ManagedChannel toMatching = InProcessChannelBuilder.forName("no-matching").build();
    Routing routing = new Routing(new HistoryServiceClient(Router.fixed("history", toHistory), 4, CallSettings.defaults()),
        new MatchingServiceClient(Router.fixed("matching", toMatching), CallSettings.defaults()));
    frontend = new FrontendServer(FrontendSettings.local(0, 4), new InMemoryNamespaceStore(),
        TestClusters.metadata(TestClusters.ACTIVE), Clock.systemUTC(), routing, DynamicConfig.defaults()).start();
    sdk = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + frontend.port()).build());
    sdk.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace("orders")
        .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(86_400)).build());
  }

  @AfterEach
  void stop() throws Exception {
    sdk.shutdownNow();
    sdk.awaitTermination(5, TimeUnit.SECONDS);
    frontend.close();
    historyServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void alreadyStartedArrivesAtTheSdkWithItsFailureDetail() throws Exception {
    WorkflowExecutionAlreadyStartedFailure failure = WorkflowExecutionAlreadyStartedFailure.newBuilder()
        .setStartRequestId("first-request").setRunId("run-1").build();
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(Code.ALREADY_EXISTS_VALUE)
        .setMessage("Workflow execution is already running. WorkflowId: order-1, RunId: run-1.")
        .addDetails(Any.pack(failure)).build();
    history.calls.answer = (method, request) -> {
      throw StatusProto.toStatusRuntimeException(status);
    };

    StatusRuntimeException e = catchStatus(() -> sdk.blockingStub().startWorkflowExecution(
        StartWorkflowExecutionRequest.newBuilder().setNamespace("orders").setWorkflowId("order-1")
            .setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
            .setTaskQueue(TaskQueue.newBuilder().setName("checkout")).setRequestId("second-request").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    com.google.rpc.Status received = StatusProto.fromThrowable(e);
    assertThat(received).isEqualTo(status);
    assertThat(received.getDetails(0).unpack(WorkflowExecutionAlreadyStartedFailure.class)).isEqualTo(failure);
  }

  @Test
  void aRequestOverFourMegabytesIsRefusedInTheWordsTheSdkRecognizes() {
    StartWorkflowExecutionRequest tooLarge = StartWorkflowExecutionRequest.newBuilder().setNamespace("orders")
        .setWorkflowId("order-big").setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
        .setTaskQueue(TaskQueue.newBuilder().setName("checkout")).setRequestId("big-request")
        .setInput(Payloads.newBuilder().addPayloads(Payload.newBuilder()
            .setData(ByteString.copyFrom(new byte[MessageSizeLimit.DEFAULT_MAX_BYTES + 1]))))
        .build();

    StatusRuntimeException e = catchStatus(() -> sdk.blockingStub().startWorkflowExecution(tooLarge));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getStatus().getDescription()).isEqualTo("grpc: received message larger than max ("
        + tooLarge.getSerializedSize() + " vs. " + MessageSizeLimit.DEFAULT_MAX_BYTES + ")");
    assertThat(GrpcMessageTooLargeException.tryWrap(e)).as("the SDK's own check").isNotNull();
    assertThat(history.calls.received()).as("nothing reached history").isEmpty();
  }

  @Test
  void aRequestUnderTheLimitGoesThrough() {
    history.calls.answer = (method, request) -> dev.conduit.proto.history.v1.StartWorkflowExecutionResponse.newBuilder()
        .setResponse(StartWorkflowExecutionResponse.newBuilder().setRunId("run-1").build().toByteString()).build();
    StartWorkflowExecutionRequest.Builder request = StartWorkflowExecutionRequest.newBuilder().setNamespace("orders")
        .setWorkflowId("order-near").setWorkflowType(WorkflowType.newBuilder().setName("Checkout"))
        .setTaskQueue(TaskQueue.newBuilder().setName("checkout")).setRequestId("near-request");
    // a payload the frontend's own 2 MB blob limit accepts: the transport limit must not refuse what it lets through
    request.setInput(Payloads.newBuilder().addPayloads(Payload.newBuilder()
        .setData(ByteString.copyFrom(new byte[1024 * 1024]))));

    assertThat(sdk.blockingStub().startWorkflowExecution(request.build()).getRunId()).isEqualTo("run-1");
  }
}
