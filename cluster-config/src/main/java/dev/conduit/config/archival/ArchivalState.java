package dev.conduit.config.archival;

/** Whether archival runs: Temporal's states for the cluster ({@code paused} keeps work queued). */
public enum ArchivalState {
  ENABLED("enabled"),
  DISABLED("disabled"),
  PAUSED("paused");

  private final String configName;

  ArchivalState(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
