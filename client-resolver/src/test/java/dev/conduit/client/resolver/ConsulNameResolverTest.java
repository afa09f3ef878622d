package dev.conduit.client.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consul:// resolver: targets, Consul's health answers, and what the channel is told as instances come and go. */
class ConsulNameResolverTest {
  private static final InetSocketAddress ONE = new InetSocketAddress("127.0.0.1", 7233);
  private static final InetSocketAddress TWO = new InetSocketAddress("127.0.0.2", 7233);

  private final SynchronizationContext sync = new SynchronizationContext((thread, e) -> {
    throw new AssertionError(e);
  });
  private final ScriptedInstances consul = new ScriptedInstances();
  private final RecordingListener listener = new RecordingListener();
  private final ConsulNameResolver resolver = new ConsulNameResolver("conduit-frontend", consul, sync);

  @AfterEach
  void stop() {
    resolver.shutdown();
  }

  @Test
  void aTargetNamesTheAgentTheServiceAndTheDatacenter() {
    assertThat(ConsulTarget.parse(URI.create("consul://10.0.0.5:8501/conduit-frontend?dc=east")))
        .isEqualTo(new ConsulTarget("10.0.0.5", 8501, "conduit-frontend", Optional.of("east")));
    assertThat(ConsulTarget.parse(URI.create("consul:///conduit-frontend")))
        .isEqualTo(new ConsulTarget("127.0.0.1", 8500, "conduit-frontend", Optional.empty()));
    assertThatThrownBy(() -> ConsulTarget.parse(URI.create("consul://127.0.0.1:8500/")))
        .hasMessageContaining("consul://HOST:PORT/SERVICE");
    assertThatThrownBy(() -> ConsulTarget.parse(URI.create("consul://127.0.0.1:8500/frontend?tag=x")))
        .hasMessageContaining("tag=x");
  }

  @Test
  void anInstanceIsAtItsServiceAddressOrElseItsNodes() throws Exception {
    String answer = """
        [{"Node": {"Node": "a", "Address": "10.0.0.1"}, "Service": {"ID": "f1", "Address": "127.0.0.2", "Port": 7233}},
         {"Node": {"Node": "b", "Address": "127.0.0.3"}, "Service": {"ID": "f2", "Address": "", "Port": 7243}}]
        """;
    assertThat(ConsulHealthClient.addresses(answer))
        .containsExactly(new InetSocketAddress("127.0.0.2", 7233), new InetSocketAddress("127.0.0.3", 7243));
  }

  @Test
  void theChannelGetsEveryHealthyInstanceAndEachChangeOfThem() throws Exception {
    consul.answer(7, ONE, TWO);
    resolver.start(listener);
    assertThat(listener.next()).isEqualTo(List.of(ONE, TWO));
    assertThat(consul.askedAfter.take()).isZero();

    consul.answer(9, ONE); // TWO failed its health check
    assertThat(listener.next()).isEqualTo(List.of(ONE));
    assertThat(consul.askedAfter.take()).isEqualTo(7); // a blocking query from the last index
  }

  @Test
  void theSameInstancesAtANewIndexAreNotPublishedAgain() throws Exception {
    consul.answer(7, ONE);
    consul.answer(8, ONE);
    consul.answer(9, ONE, TWO);
    resolver.start(listener);

    assertThat(listener.next()).isEqualTo(List.of(ONE));
    assertThat(listener.next()).isEqualTo(List.of(ONE, TWO));
  }

  @Test
  void noHealthyInstanceOrNoConsulIsUnavailableAndTheWatchRecovers() throws Exception {
    consul.answer(3);
    consul.fail(new IOException("connection refused"));
    consul.answer(4, TWO);
    resolver.start(listener);

    Object first = listener.events.poll(10, TimeUnit.SECONDS);
    assertThat(first).isInstanceOfSatisfying(Status.class, status -> {
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(status.getDescription()).contains("no healthy instance of conduit-frontend");
    });
    Object second = listener.events.poll(10, TimeUnit.SECONDS);
    assertThat(second).isInstanceOfSatisfying(Status.class,
        status -> assertThat(status.getDescription()).contains("connection refused"));
    assertThat(listener.next()).isEqualTo(List.of(TWO));
  }

  @Test
  void theProviderIsFoundByItsSchemeAndLeavesPlainTargetsToDns() {
    NameResolverRegistry registry = NameResolverRegistry.getDefaultRegistry();
    assertThat(registry.getProviderForScheme("consul")).isInstanceOf(ConsulNameResolverProvider.class);
    assertThat(registry.getDefaultScheme()).isEqualTo("dns");
  }

  /** Answers fetches from a script, one entry per fetch; blocks (as a blocking query would) once it runs out. */
  private static final class ScriptedInstances implements HealthyInstances {
    private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> askedAfter = new LinkedBlockingQueue<>();

    void answer(long index, InetSocketAddress... addresses) {
      script.add(new Snapshot(index, List.of(addresses)));
    }

    void fail(IOException error) {
      script.add(error);
    }

    @Override
    public Snapshot fetch(long afterIndex, Duration wait) throws IOException, InterruptedException {
      askedAfter.add(afterIndex);
      Object next = script.take();
      if (next instanceof IOException error) {
        throw error;
      }
      return (Snapshot) next;
    }
  }

  /** What the channel would see: address lists and errors, in order. */
  private static final class RecordingListener extends NameResolver.Listener2 {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onResult(NameResolver.ResolutionResult result) {
      onResult2(result);
    }

    @Override
    public Status onResult2(NameResolver.ResolutionResult result) {
      events.add(result.getAddressesOrError().getValue().stream()
          .map(EquivalentAddressGroup::getAddresses).flatMap(List::stream).toList());
      return Status.OK;
    }

    @Override
    public void onError(Status error) {
      events.add(error);
    }

    Object next() throws InterruptedException {
      Object event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("an address list within the wait").isInstanceOf(List.class);
      return event;
    }
  }
}
