package dev.conduit.config.services;

import java.util.Objects;
import java.util.Optional;

/** One entry of {@code services}: where the role listens ({@code rpc}) and how it exports metrics. */
public record ServiceConfig(RpcConfig rpc, Optional<MetricsConfig> metrics) {

  public ServiceConfig {
    Objects.requireNonNull(rpc, "rpc");
    Objects.requireNonNull(metrics, "metrics");
  }
}
