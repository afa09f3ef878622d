package dev.conduit.persistence.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint;
import dev.conduit.config.Secret;
import dev.conduit.config.TlsConfig;
import dev.conduit.config.persistence.CassandraConfig;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The datastore settings as the driver sees them, without a Cassandra to connect to. */
class CqlSessionsTest {

  @Test
  void datastoreSettingsReachTheDriverProfile() {
    CassandraSettings settings = CassandraSettings.from(datastore(
        Duration.ofSeconds(3), Duration.ofSeconds(7), 5, "QUORUM", "SERIAL", TlsConfig.disabled()));

    DriverExecutionProfile profile = CqlSessions.configLoader(settings).getInitialConfig().getDefaultProfile();

    assertThat(profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("QUORUM");
    assertThat(profile.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY)).isEqualTo("SERIAL");
    assertThat(profile.getInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE)).isEqualTo(5);
    assertThat(profile.getInt(DefaultDriverOption.CONNECTION_POOL_REMOTE_SIZE)).isEqualTo(5);
    assertThat(profile.getDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
    assertThat(profile.getDuration(DefaultDriverOption.REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(7));
    assertThat(CqlSessions.sslEngineFactory(settings)).isEmpty();
    assertThat(profile.getDuration(DefaultDriverOption.CONFIG_RELOAD_INTERVAL)).as("never reloaded").isZero();
    assertThat(profile.getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY)).as("a lost node tried again every 5 s at most")
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void localSettingsUseTheConfigDefaults() {
    DriverExecutionProfile profile =
        CqlSessions.configLoader(CassandraSettings.local("127.0.0.1:9042", "ks")).getInitialConfig().getDefaultProfile();

    assertThat(profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo(CassandraConfig.DEFAULT_CONSISTENCY);
    assertThat(profile.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY))
        .isEqualTo(CassandraConfig.DEFAULT_SERIAL_CONSISTENCY);
    assertThat(profile.getInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE)).isEqualTo(CassandraConfig.DEFAULT_MAX_CONNS);
    assertThat(profile.getDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT))
        .isEqualTo(CassandraConfig.DEFAULT_CONNECT_TIMEOUT);
  }

  @Test
  void enabledTlsGivesEnginesThatAskForTheServerNameAndVerifyIt() throws Exception {
    TlsConfig tls = new TlsConfig(true, file("client.pem"), file("client-key.pem"), file("ca.pem"), true, "cassandra.internal");
    CassandraSettings settings = CassandraSettings.from(datastore(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
        "LOCAL_QUORUM", "LOCAL_SERIAL", tls));

    SslEngineFactory factory = CqlSessions.sslEngineFactory(settings).orElseThrow();
    SSLEngine engine = factory.newSslEngine(new DefaultEndPoint(new InetSocketAddress("127.0.0.1", 9142)));

    assertThat(engine.getUseClientMode()).isTrue();
    assertThat(engine.getPeerHost()).isEqualTo("cassandra.internal");
    assertThat(engine.getPeerPort()).isEqualTo(9142);
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(engine.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("cassandra.internal"));
  }

  @Test
  void hostVerificationOffLeavesTheHostNameUnchecked() throws Exception {
    TlsConfig tls = new TlsConfig(true, "", "", file("ca.pem"), false, "");

    SSLEngine engine = PemSslEngineFactory.from(tls).newSslEngine(new DefaultEndPoint(new InetSocketAddress("127.0.0.1", 9142)));

    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    assertThat(engine.getPeerHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void unreadableOrUnsupportedTlsFilesAreNamed() throws Exception {
    TlsConfig missingCa = new TlsConfig(true, "", "", "/nonexistent/ca.pem", false, "");
    TlsConfig pkcs1Key = new TlsConfig(true, file("client.pem"), file("client-key-pkcs1.pem"), "", false, "");

    assertThatThrownBy(() -> PemSslEngineFactory.from(missingCa)).hasMessageContaining("/nonexistent/ca.pem");
    assertThatThrownBy(() -> PemSslEngineFactory.from(pkcs1Key))
        .hasMessageContaining("client-key-pkcs1.pem").hasMessageContaining("openssl pkcs8");
  }

  @Test
  void anUnknownConsistencyLevelIsRefused() {
    assertThatThrownBy(() -> CassandraSettings.from(datastore(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
        "MOSTLY", "LOCAL_SERIAL", TlsConfig.disabled()))).hasMessageContaining("MOSTLY");
    assertThatThrownBy(() -> CassandraSettings.from(datastore(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
        "QUORUM", "QUORUM", TlsConfig.disabled()))).hasMessageContaining("serialConsistency");
  }

  private static CassandraConfig datastore(Duration connectTimeout, Duration requestTimeout, int maxConns,
      String consistency, String serialConsistency, TlsConfig tls) {
    return new CassandraConfig("default", List.of("127.0.0.1"), 9042, "conduit", "", Secret.of(""), "dc1", 1,
        connectTimeout, requestTimeout, maxConns, consistency, serialConsistency, tls);
  }

  private static String file(String name) throws URISyntaxException {
    return Path.of(CqlSessionsTest.class.getResource("/tls/" + name).toURI()).toString();
  }
}
