package dev.conduit.history.workflow;

import io.temporal.api.enums.v1.EventType;

/** An event type this history service never writes, so it has no apply function. */
public final class UnsupportedEventException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UnsupportedEventException(EventType type) {
    super("no apply function for event type " + type);
  }
}
