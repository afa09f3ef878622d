package dev.conduit.deploy.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about the machine the launcher runs on: user, PATH look-ups, the running JDK. */
final class Platform {
  private Platform() {}

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The executable {@code name} on PATH, if any. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  static Path javaExecutable() {
    return javaHome().resolve("bin").resolve("java");
  }
}
