package dev.conduit.config.persistence;

import dev.conduit.config.HostPort;
import dev.conduit.config.Secret;
import dev.conduit.config.TlsConfig;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An Elasticsearch datastore for advanced visibility: the cluster URL (written as {@code url.scheme} and
 * {@code url.host} like Temporal's), credentials and the visibility index names.
 */
public record ElasticsearchConfig(
    String name,
    String version,
    String scheme,
    HostPort host,
    String username,
    Secret password,
    String visibilityIndex,
    Optional<String> secondaryVisibilityIndex,
    TlsConfig tls) implements DataStoreConfig {

  public static final int DEFAULT_PORT = 9200;

  public ElasticsearchConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(visibilityIndex, "visibilityIndex");
    Objects.requireNonNull(secondaryVisibilityIndex, "secondaryVisibilityIndex");
    Objects.requireNonNull(tls, "tls");
  }

  /** The base URL of the cluster, e.g. {@code http://127.0.0.1:9200}. */
  public URI url() {
    return URI.create(scheme + "://" + host);
  }
}
