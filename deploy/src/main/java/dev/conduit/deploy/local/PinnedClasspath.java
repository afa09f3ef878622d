package dev.conduit.deploy.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A service's classpath with the project's own jars pinned: each {@code -SNAPSHOT.jar} entry is replaced by a copy
 * named after its content, so that a later {@code mvn install} (which rewrites the installed jar in place) never
 * reaches a running service. A JVM keeps the central directory of a jar it opened; a jar rewritten under it makes
 * the classes it loads afterwards fail with ClassNotFoundException. Released jars never change and directories (a
 * build's classes) are left as they are. A copy is made once per content, written aside and moved into place, so
 * launchers starting services at the same time never see half a jar. Copies older than {@link #KEEP} are removed
 * (a process still running from one keeps reading it: the file goes when the last reader closes it).
 */
final class PinnedClasspath {
  static final java.time.Duration KEEP = java.time.Duration.ofDays(7);

  private PinnedClasspath() {}

  static String pin(String classpath, Path dir) {
    prune(dir, java.time.Instant.now().minus(KEEP));
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      entries.add(entry.endsWith("-SNAPSHOT.jar") && Files.isRegularFile(path) ? pinned(path, dir).toString() : entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Removes the copies last written before {@code before}. */
  static void prune(Path dir, java.time.Instant before) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var copies = Files.list(dir)) {
      for (Path copy : copies.toList()) {
        if (Files.getLastModifiedTime(copy).toInstant().isBefore(before)) {
          Files.deleteIfExists(copy);
        }
      }
    } catch (IOException e) {
      // an old copy left behind costs disk, not correctness
    }
  }

  private static Path pinned(Path jar, Path dir) {
    try {
      Files.createDirectories(dir);
      Path copy = dir.resolve(digest(jar) + "-" + jar.getFileName());
      if (!Files.exists(copy)) {
        Path aside = Files.createTempFile(dir, jar.getFileName().toString(), ".part");
        Files.copy(jar, aside, StandardCopyOption.REPLACE_EXISTING);
        Files.move(aside, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pin " + jar + " in " + dir, e);
    }
  }

  private static String digest(Path jar) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
      MessageDigest sha = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
