package dev.conduit.config.services;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code services.<role>.rpc}: the gRPC port (the frontend's is the one SDKs dial), the membership port,
 * and which interface to bind: loopback ({@code bindOnLocalHost}), one IP ({@code bindOnIP}), or,
 * with neither, every interface.
 */
public record RpcConfig(
    int grpcPort, int membershipPort, boolean bindOnLocalHost, Optional<String> bindOnIP) {

  public RpcConfig {
    Objects.requireNonNull(bindOnIP, "bindOnIP");
  }

  /** The IP to bind: 127.0.0.1, the configured IP, or 0.0.0.0 for every interface. */
  public String bindAddress() {
    if (bindOnLocalHost) {
      return "127.0.0.1";
    }
    return bindOnIP.orElse("0.0.0.0");
  }
}
