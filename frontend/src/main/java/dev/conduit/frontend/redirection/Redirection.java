package dev.conduit.frontend.redirection;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.conduit.frontend.api.Operation;
import dev.conduit.persistence.namespace.NamespaceRegistry;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.errordetails.v1.NamespaceNotActiveFailure;
import java.util.Optional;

/**
 * DC redirection in front of the operation classes (invariant 8): {@link #wrap} gives an operation that asks
 * {@link ForwardingDecision} whether the call's namespace (its {@code namespace} field) is answered elsewhere and
 * then sends the call unchanged to that cluster's frontend through {@link RemoteFrontends}, or runs the local
 * operation. When the target answers {@code NamespaceNotActive} naming a third cluster (it failed over again),
 * the call goes there once more; any other answer, that one's included, reaches the caller as it came. Forwarded
 * task-queue polls end early, empty, when the namespace fails over ({@link ForwardedPolls}).
 */
public final class Redirection {
  private final ForwardingDecision decision;
  private final RemoteFrontends remotes;
  private final NamespaceRegistry registry;
  private final String currentCluster;
  private final ForwardedPolls polls;

  public Redirection(ForwardingDecision decision, RemoteFrontends remotes, NamespaceRegistry registry, String currentCluster) {
    this.decision = decision;
    this.remotes = remotes;
    this.registry = registry;
    this.currentCluster = currentCluster;
    this.polls = new ForwardedPolls(registry);
  }

  /** {@code local}, forwarded when the policy and the namespace say so; the API name is the method's. */
  public <Q extends Message, R> Operation<Q, R> wrap(MethodDescriptor<Q, R> method, Operation<Q, R> local) {
    String api = method.getBareMethodName();
    if (!decision.policy().forwards(api)) {
      return local;
    }
    boolean longRunning = RedirectionPolicy.LONG_RUNNING_APIS.contains(api);
    boolean taskQueuePoll = RedirectionPolicy.TASK_QUEUE_POLLS.contains(api);
    return request -> {
      Optional<NamespaceDetail> namespace = namespace(request);
      Optional<String> target = namespace.flatMap(ns -> decision.target(api, ns, ForwardedCalls.isForwarded()));
      if (target.isEmpty()) {
        return local.handle(request);
      }
      try {
        if (taskQueuePoll) {
          return polls.run(namespace.get(), target.get(), () -> remotes.call(target.get(), method, request, true),
              emptyResponse(method));
        }
        return remotes.call(target.get(), method, request, longRunning);
      } catch (StatusRuntimeException e) {
        Optional<String> named = activeClusterNamed(e);
        if (named.isPresent() && !named.get().equals(target.get()) && !named.get().equals(currentCluster)) {
          return remotes.call(named.get(), method, request, longRunning);
        }
        throw e;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <R> R emptyResponse(MethodDescriptor<?, R> method) {
    return ((MethodDescriptor.PrototypeMarshaller<R>) method.getResponseMarshaller()).getMessagePrototype();
  }

  /** The namespace the request names, if this frontend knows it; otherwise the local operation answers. */
  private Optional<NamespaceDetail> namespace(Message request) {
    FieldDescriptor field = request.getDescriptorForType().findFieldByName("namespace");
    if (field == null || field.getType() != FieldDescriptor.Type.STRING) {
      return Optional.empty();
    }
    String name = (String) request.getField(field);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      NamespaceDetail detail = registry.getByName(name);
      return detail.getInfo().getState() == NamespaceDetail.State.STATE_DELETED ? Optional.empty() : Optional.of(detail);
    } catch (RuntimeException e) {
      // unknown namespace or persistence trouble: the local operation gives the caller the right error
      return Optional.empty();
    }
  }

  /** The active cluster a {@code NamespaceNotActive} answer names, if {@code e} is one. */
  static Optional<String> activeClusterNamed(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    return status.getDetailsList().stream()
        .filter(detail -> detail.is(NamespaceNotActiveFailure.class))
        .findFirst()
        .map(detail -> {
          try {
            return detail.unpack(NamespaceNotActiveFailure.class).getActiveCluster();
          } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
            return "";
          }
        })
        .filter(cluster -> !cluster.isEmpty());
  }
}
