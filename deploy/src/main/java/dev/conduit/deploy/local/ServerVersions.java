package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the real servers, set once in the parent pom and filtered into this module's resources. */
record ServerVersions(String cassandra, String kafka, String elasticsearch, String consul) {

  static ServerVersions load() {
    Properties properties = new Properties();
    try (InputStream in = ServerVersions.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties missing from the deploy module");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ServerVersions(
        properties.getProperty("cassandra"),
        properties.getProperty("kafka"),
        properties.getProperty("elasticsearch"),
        properties.getProperty("consul"));
  }
}
