package dev.conduit.config.internal;

import dev.conduit.config.TlsConfig;

/** Reads a {@code tls} mapping (Cassandra, Elasticsearch, Kafka); absent means TLS is off. */
final class TlsSection {

  private TlsSection() {}

  static TlsConfig parse(Section parent) {
    Section tls = parent.sectionOrEmpty("tls");
    TlsConfig config = new TlsConfig(
        tls.bool("enabled", false),
        tls.string("certFile", ""),
        tls.string("keyFile", ""),
        tls.string("caFile", ""),
        tls.bool("enableHostVerification", false),
        tls.string("serverName", ""));
    if (config.enabled() && config.certFile().isEmpty() != config.keyFile().isEmpty()) {
      tls.error(config.certFile().isEmpty() ? "certFile" : "keyFile",
          "is required when " + (config.certFile().isEmpty() ? "keyFile" : "certFile")
              + " is set: a client certificate needs its key and the key its certificate");
    }
    return config;
  }
}
