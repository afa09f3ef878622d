package dev.conduit.config;

import java.util.Objects;

/**
 * TLS settings for a client connection (Cassandra, Elasticsearch, Kafka): the files of the client
 * certificate and key, the CA to trust, and whether to verify the server's host name.
 */
public record TlsConfig(
    boolean enabled,
    String certFile,
    String keyFile,
    String caFile,
    boolean enableHostVerification,
    String serverName) {

  public TlsConfig {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(serverName, "serverName");
  }

  public static TlsConfig disabled() {
    return new TlsConfig(false, "", "", "", false, "");
  }
}
