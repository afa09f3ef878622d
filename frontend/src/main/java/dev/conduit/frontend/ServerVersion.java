package dev.conduit.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this server reports to clients: the Maven project version, stamped in at build time. */
public final class ServerVersion {
  private static final String CURRENT = load();

  private ServerVersion() {}

  public static String current() {
    return CURRENT;
  }

  private static String load() {
    try (InputStream in = ServerVersion.class.getResourceAsStream("conduit-frontend.properties")) {
      if (in == null) {
        return "0.0.0-unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      // an unfiltered resource (running from an IDE without Maven) still carries the placeholder
      return version.isEmpty() || version.startsWith("${") ? "0.0.0-unknown" : version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
