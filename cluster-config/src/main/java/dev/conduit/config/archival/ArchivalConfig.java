package dev.conduit.config.archival;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code archival} section: whether closed workflows' histories and visibility records are archived
 * by this cluster, whether archived data may be read back, and the providers that store it. Only the
 * {@code filestore} provider exists so far. An absent section means archival is disabled.
 */
public record ArchivalConfig(Kind history, Kind visibility) {

  public ArchivalConfig {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(visibility, "visibility");
  }

  public static ArchivalConfig disabled() {
    return new ArchivalConfig(Kind.disabled(), Kind.disabled());
  }

  /** {@code archival.history} or {@code archival.visibility}. */
  public record Kind(ArchivalState state, boolean enableRead, Optional<Filestore> filestore) {

    public Kind {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(filestore, "filestore");
    }

    public static Kind disabled() {
      return new Kind(ArchivalState.DISABLED, false, Optional.empty());
    }
  }

  /** {@code provider.filestore}: the permission bits of archived files and directories. */
  public record Filestore(int fileMode, int dirMode) {

    public static final int DEFAULT_FILE_MODE = 0666;
    public static final int DEFAULT_DIR_MODE = 0766;

    @Override
    public String toString() {
      return "Filestore[fileMode=0" + Integer.toOctalString(fileMode) + ", dirMode=0"
          + Integer.toOctalString(dirMode) + "]";
    }
  }
}
