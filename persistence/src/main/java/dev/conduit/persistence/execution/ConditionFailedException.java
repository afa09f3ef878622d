package dev.conduit.persistence.execution;

import dev.conduit.persistence.PersistenceException;

/**
 * A workflow's stored record version was not the one the update was computed from: another writer got
 * there first. The caller reloads the mutable state and recomputes; it must not blindly retry the write.
 */
public final class ConditionFailedException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public ConditionFailedException(String message) {
    super(message, false);
  }
}
