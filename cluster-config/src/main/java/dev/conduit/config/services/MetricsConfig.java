package dev.conduit.config.services;

import dev.conduit.config.HostPort;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code services.<role>.metrics}: an optional Prometheus endpoint and tags added to every metric. */
public record MetricsConfig(Optional<Prometheus> prometheus, Map<String, String> tags) {

  public MetricsConfig {
    Objects.requireNonNull(prometheus, "prometheus");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** How timers are exported: as histograms (aggregatable across hosts) or summaries. */
  public enum TimerType {
    HISTOGRAM("histogram"),
    SUMMARY("summary");

    private final String configName;

    TimerType(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** {@code metrics.prometheus}: the scrape endpoint address and the timer type. */
  public record Prometheus(TimerType timerType, HostPort listenAddress) {

    public Prometheus {
      Objects.requireNonNull(timerType, "timerType");
      Objects.requireNonNull(listenAddress, "listenAddress");
    }
  }
}
