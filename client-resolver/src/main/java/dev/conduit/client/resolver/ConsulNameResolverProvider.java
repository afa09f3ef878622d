package dev.conduit.client.resolver;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;

/**
 * gRPC targets {@code consul://HOST:PORT/SERVICE[?dc=DATACENTER]}: the passing instances of {@code SERVICE} as
 * a Consul agent's health API lists them, kept current (see {@link ConsulNameResolver}). Registered through
 * {@code META-INF/services}, so putting this module on the class path is all an application does; with the Temporal
 * Java SDK:
 *
 * <pre>{@code
 * WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
 *     .setTarget("consul://127.0.0.1:8500/conduit-frontend").build());
 * }</pre>
 *
 * <p>The SDK balances with {@code round_robin}; another client picks a policy with
 * {@code ManagedChannelBuilder.defaultLoadBalancingPolicy("round_robin")}. Its priority is below gRPC's DNS
 * resolver's, so targets without a scheme stay DNS targets.
 */
public final class ConsulNameResolverProvider extends NameResolverProvider {
  public static final String SCHEME = "consul";

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public int priority() {
    return 4;
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null;
    }
    ConsulTarget target = ConsulTarget.parse(targetUri);
    return new ConsulNameResolver(target.service(), new ConsulHealthClient(target), args.getSynchronizationContext());
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }
}
