package dev.conduit.persistence.cassandra;

import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import dev.conduit.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The driver's TLS from a datastore's {@code tls} section, in Temporal's shape: PEM files for the CA
 * ({@code caFile}; the JVM's trusted CAs when empty), the client certificate and its PKCS#8 key
 * ({@code certFile}, {@code keyFile}; no client certificate when empty), the name to ask the server for
 * ({@code serverName}, sent as SNI) and whether to check the server's certificate against its host name.
 *
 * <p>Unlike Temporal's Go client, turning host verification off does not trust any certificate: the chain
 * is still checked against the CA, only the host name is not.
 */
final class PemSslEngineFactory implements SslEngineFactory {
  private final SSLContext context;
  private final String serverName;
  private final boolean verifyHost;

  private PemSslEngineFactory(SSLContext context, String serverName, boolean verifyHost) {
    this.context = context;
    this.serverName = serverName;
    this.verifyHost = verifyHost;
  }

  /** @throws IllegalArgumentException naming the file that cannot be read or parsed */
  static PemSslEngineFactory from(TlsConfig tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          tls.certFile().isEmpty() ? null : keyManagers(tls).getKeyManagers(),
          tls.caFile().isEmpty() ? null : trustManagers(tls.caFile()).getTrustManagers(),
          null);
      return new PemSslEngineFactory(context, tls.serverName(), tls.enableHostVerification());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cassandra tls: " + e.getMessage(), e);
    }
  }

  @Override
  public SSLEngine newSslEngine(EndPoint remoteEndpoint) {
    SocketAddress address = remoteEndpoint.resolve();
    SSLEngine engine;
    if (address instanceof InetSocketAddress inet) {
      engine = context.createSSLEngine(serverName.isEmpty() ? inet.getHostString() : serverName, inet.getPort());
    } else {
      engine = context.createSSLEngine();
    }
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    if (verifyHost) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!serverName.isEmpty()) {
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  @Override
  public void close() {}

  private static TrustManagerFactory trustManagers(String caFile) throws GeneralSecurityException {
    KeyStore store = emptyStore();
    int index = 0;
    for (Certificate ca : certificates(caFile)) {
      store.setCertificateEntry("ca-" + index++, ca);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  private static KeyManagerFactory keyManagers(TlsConfig tls) throws GeneralSecurityException {
    Collection<? extends Certificate> chain = certificates(tls.certFile());
    KeyStore store = emptyStore();
    char[] password = new char[0];
    store.setKeyEntry("client", privateKey(tls.keyFile()), password, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory;
  }

  private static Collection<? extends Certificate> certificates(String file) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("Cassandra tls: " + file + " holds no PEM certificate");
      }
      return certificates;
    } catch (IOException e) {
      throw new IllegalArgumentException("Cassandra tls: cannot read " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cassandra tls: " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String file) {
    String pem;
    try {
      pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cassandra tls: cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException("Cassandra tls: " + file + " is not an unencrypted PKCS#8 PEM key"
          + " (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + "-----BEGIN PRIVATE KEY-----".length(),
        pem.indexOf("-----END PRIVATE KEY-----"));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisAlgorithm) {
        // try the next
      }
    }
    throw new IllegalArgumentException("Cassandra tls: " + file + " holds no RSA, EC or Ed25519 private key");
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("an empty key store cannot fail to load", e);
    }
    return store;
  }
}
