package dev.conduit.deploy.local;

import java.util.OptionalLong;

/** What {@code status} reports for one local server. */
public record ServerStatus(String server, State state, OptionalLong pid, String endpoint) {

  /** RUNNING means the process is alive and its health probe answers; STARTING means alive but not yet healthy. */
  public enum State {
    RUNNING,
    STARTING,
    STOPPED
  }

  @Override
  public String toString() {
    return String.format(
        "%-14s %-8s %-8s %s",
        server, state, pid.isPresent() ? "pid " + pid.getAsLong() : "-", endpoint);
  }
}
