package dev.conduit.it.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A stand-in for a service process: a loopback TCP listener that accepts and drops connections, so
 * Consul's TCP check passes while it is open and fails once it is closed.
 */
final class TcpInstance implements AutoCloseable {
  private final ServerSocket socket;

  private TcpInstance(ServerSocket socket) {
    this.socket = socket;
  }

  static TcpInstance open() throws IOException {
    TcpInstance instance = new TcpInstance(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    Thread acceptor = new Thread(instance::acceptUntilClosed, "tcp-instance-" + instance.port());
    acceptor.setDaemon(true);
    acceptor.start();
    return instance;
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // without accepting, every probe would stay queued and a full backlog would fail the check by itself
  private void acceptUntilClosed() {
    while (!socket.isClosed()) {
      try (Socket probe = socket.accept()) {
        probe.getInputStream().available();
      } catch (IOException e) {
        // closed by close(): the loop ends
      }
    }
  }
}
