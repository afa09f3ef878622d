package dev.conduit.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedClasspathTest {
  @TempDir
  Path tmp;

  @Test
  void theProjectsJarsArePinnedAndAnInstallAfterwardsDoesNotReachThePinnedCopy() throws Exception {
    Path installed = Files.writeString(tmp.resolve("conduit-history-0.1.0-SNAPSHOT.jar"), "build one");
    Path released = Files.writeString(tmp.resolve("kafka-clients-3.9.1.jar"), "released");
    Path classes = Files.createDirectories(tmp.resolve("target-classes"));
    Path pins = tmp.resolve("pins");

    List<String> first = List.of(PinnedClasspath.pin(
        String.join(File.pathSeparator, installed.toString(), released.toString(), classes.toString()), pins)
        .split(File.pathSeparator));
    Files.writeString(installed, "build two, written in place");
    List<String> second = List.of(PinnedClasspath.pin(installed.toString(), pins).split(File.pathSeparator));

    assertThat(first.get(0)).startsWith(pins.toString()).endsWith("-conduit-history-0.1.0-SNAPSHOT.jar");
    assertThat(Files.readString(Path.of(first.get(0)))).as("what the first service runs").isEqualTo("build one");
    assertThat(first.subList(1, 3)).containsExactly(released.toString(), classes.toString());
    assertThat(Files.readString(Path.of(second.get(0)))).isEqualTo("build two, written in place");
    assertThat(PinnedClasspath.pin(installed.toString(), pins)).as("the same content, the same copy")
        .isEqualTo(second.get(0));
  }

  @Test
  void copiesOlderThanTheKeepTimeAreRemoved() throws Exception {
    Path pins = Files.createDirectories(tmp.resolve("pins"));
    Path old = Files.writeString(pins.resolve("0123-conduit-old-0.1.0-SNAPSHOT.jar"), "old");
    Path recent = Files.writeString(pins.resolve("4567-conduit-new-0.1.0-SNAPSHOT.jar"), "new");
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    Files.setLastModifiedTime(old, FileTime.from(now.minus(PinnedClasspath.KEEP).minusSeconds(1)));
    Files.setLastModifiedTime(recent, FileTime.from(now.minusSeconds(60)));

    PinnedClasspath.prune(pins, now.minus(PinnedClasspath.KEEP));

    assertThat(pins.resolve("0123-conduit-old-0.1.0-SNAPSHOT.jar")).doesNotExist();
    assertThat(recent).exists();
  }
}
