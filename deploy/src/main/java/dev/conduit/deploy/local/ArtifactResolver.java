package dev.conduit.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Obtains server artifacts from Maven Central through the machine's {@code mvn}: the runtime classpath
 * of a set of coordinates (Cassandra, Kafka) or one artifact file (the Elasticsearch zip). Results are
 * cached under the layout's cache directory, keyed by what was asked for.
 */
final class ArtifactResolver {
  private static final String DEPENDENCY_PLUGIN =
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
  private static final long MAVEN_TIMEOUT_MINUTES = 20;

  private final Path cacheRoot;

  ArtifactResolver(LocalLayout layout) {
    this.cacheRoot = LocalLayout.ensure(layout.cache().resolve("artifacts"));
  }

  /**
   * The runtime classpath of {@code coordinates} ({@code group:artifact:version}), as a list of jar
   * files, resolved once and then read from the cache.
   */
  List<Path> runtimeClasspath(String name, List<String> coordinates) {
    Path dir = LocalLayout.ensure(cacheRoot.resolve(name + "-" + Integer.toHexString(coordinates.hashCode())));
    Path classpathFile = dir.resolve("classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      writePom(dir, name, coordinates);
      Path partial = dir.resolve("classpath.txt.partial");
      runMaven(
          dir,
          name,
          DEPENDENCY_PLUGIN + ":build-classpath",
          "-Dmdep.outputFile=" + partial,
          "-Dmdep.includeScope=runtime");
      move(partial, classpathFile);
    }
    List<Path> jars =
        List.of(read(classpathFile).trim().split(java.io.File.pathSeparator)).stream()
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .collect(Collectors.toList());
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        // the local Maven repository was cleaned since: resolve again
        delete(classpathFile);
        return runtimeClasspath(name, coordinates);
      }
    }
    return jars;
  }

  /** One artifact file ({@code group:artifact:version:type}) copied into the cache. */
  Path artifactFile(String name, String coordinate, String fileName) {
    Path dir = LocalLayout.ensure(cacheRoot.resolve(name));
    Path file = dir.resolve(fileName);
    if (!Files.isRegularFile(file)) {
      writePom(dir, name, List.of());
      runMaven(
          dir,
          name,
          DEPENDENCY_PLUGIN + ":copy",
          "-Dartifact=" + coordinate,
          "-DoutputDirectory=" + dir,
          "-Dmdep.overWriteReleases=true");
      if (!Files.isRegularFile(file)) {
        throw new DependencyUnavailableException(
            "Maven resolved " + coordinate + " but " + file + " is not there");
      }
    }
    return file;
  }

  private static void writePom(Path dir, String name, List<String> coordinates) {
    StringBuilder deps = new StringBuilder();
    for (String coordinate : coordinates) {
      String[] parts = coordinate.split(":");
      deps.append("    <dependency><groupId>")
          .append(parts[0])
          .append("</groupId><artifactId>")
          .append(parts[1])
          .append("</artifactId><version>")
          .append(parts[2])
          .append("</version></dependency>\n");
    }
    String pom =
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
            + "  <modelVersion>4.0.0</modelVersion>\n"
            + "  <groupId>dev.conduit.local</groupId>\n"
            + "  <artifactId>"
            + name
            + "-runtime</artifactId>\n"
            + "  <version>1</version>\n"
            + "  <packaging>pom</packaging>\n"
            + "  <dependencies>\n"
            + deps
            + "  </dependencies>\n"
            + "</project>\n";
    try {
      Files.writeString(dir.resolve("pom.xml"), pom);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void runMaven(Path dir, String name, String... goalAndArgs) {
    Path mvn =
        Platform.onPath("mvn")
            .orElseThrow(
                () ->
                    new DependencyUnavailableException(
                        "cannot obtain "
                            + name
                            + ": Maven (mvn) is not on PATH; it is needed to fetch the server from"
                            + " Maven Central"));
    Path log = dir.resolve("maven.log");
    List<String> command = new java.util.ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-f", "pom.xml"));
    command.addAll(List.of(goalAndArgs));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new DependencyUnavailableException(
            "cannot obtain " + name + ": Maven did not finish in " + MAVEN_TIMEOUT_MINUTES + " minutes; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new DependencyUnavailableException(
            "cannot obtain " + name + " from Maven Central (mvn exit " + process.exitValue() + "):\n"
                + tail(log, 15));
      }
    } catch (IOException e) {
      throw new DependencyUnavailableException("cannot run Maven for " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("interrupted while fetching " + name, e);
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
