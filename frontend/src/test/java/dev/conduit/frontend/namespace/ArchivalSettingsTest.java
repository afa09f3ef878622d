package dev.conduit.frontend.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.config.archival.ArchivalConfig;
import dev.conduit.config.archival.ArchivalState;
import dev.conduit.config.archival.NamespaceDefaultsConfig;
import dev.conduit.frontend.namespace.ArchivalSettings.Kind;
import dev.conduit.frontend.namespace.ArchivalSettings.Setting;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchivalSettingsTest {
  private static final io.temporal.api.enums.v1.ArchivalState UNSPECIFIED = io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_UNSPECIFIED;
  private static final io.temporal.api.enums.v1.ArchivalState ENABLED = io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_ENABLED;

  private final ArchivalSettings off = new ArchivalSettings(ArchivalConfig.disabled(), NamespaceDefaultsConfig.disabled());
  private final ArchivalSettings on = new ArchivalSettings(
      new ArchivalConfig(new ArchivalConfig.Kind(ArchivalState.ENABLED, true, Optional.empty()), ArchivalConfig.Kind.disabled()),
      new NamespaceDefaultsConfig(
          new NamespaceDefaultsConfig.Archival(ArchivalState.ENABLED, Optional.of(URI.create("file:///tmp/archive"))),
          NamespaceDefaultsConfig.Archival.disabled()));

  @Test
  void aClusterThatDoesNotArchiveRefusesToEnableIt() {
    assertThat(off.forRegister(Kind.HISTORY, UNSPECIFIED, "", "")).isEqualTo(Setting.DISABLED);
    assertThatThrownBy(() -> off.forRegister(Kind.HISTORY, ENABLED, "", ""))
        .hasMessageStartingWith("history_archival_state: ").hasMessageContaining("disabled on this cluster");
    assertThatThrownBy(() -> off.forRegister(Kind.VISIBILITY, UNSPECIFIED, "file:///x", ""))
        .hasMessageStartingWith("visibility_archival_uri: ");
  }

  @Test
  void registrationTakesTheNamespaceDefaults() {
    Setting history = on.forRegister(Kind.HISTORY, UNSPECIFIED, "", "");
    assertThat(history.state()).isEqualTo(NamespaceDetail.ArchivalState.ARCHIVAL_STATE_ENABLED);
    assertThat(history.uri()).isEqualTo("file:///tmp/archive");
  }

  @Test
  void uriMustBeAFileUriAndCannotChangeOnceSet() {
    assertThatThrownBy(() -> on.forRegister(Kind.HISTORY, ENABLED, "s3://bucket/x", ""))
        .hasMessageContaining("filestore is the only archival provider");
    Setting current = new Setting(NamespaceDetail.ArchivalState.ARCHIVAL_STATE_ENABLED, "file:///tmp/archive");
    assertThatThrownBy(() -> on.forUpdate(Kind.HISTORY, current, UNSPECIFIED, "file:///elsewhere", "config."))
        .hasMessageStartingWith("config.history_archival_uri: ").hasMessageContaining("cannot be changed");
    Setting disabled = on.forUpdate(Kind.HISTORY, current, io.temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_DISABLED, "", "config.");
    assertThat(disabled).isEqualTo(new Setting(NamespaceDetail.ArchivalState.ARCHIVAL_STATE_DISABLED, "file:///tmp/archive"));
  }
}
