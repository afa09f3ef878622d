package dev.conduit.persistence.cassandra.execution;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;

/**
 * Turns driver errors into persistence errors that say whether repeating the call is safe.
 *
 * <p>Errors raised before a coordinator executed anything (no node, unavailable replicas, overload,
 * throttling) are retryable for every statement. Any other failure of a conditional write happened after
 * the lightweight transaction may have started, so its outcome is unknown; for plain reads and
 * idempotent writes the same failures (timeouts, lost connections) are simply retryable.
 */
final class CassandraErrors {
  private CassandraErrors() {}

  static PersistenceException translate(String operation, DriverException error, boolean conditional) {
    if (error instanceof QueryValidationException) {
      // a bad statement or missing schema: repeating it cannot help
      return new PersistenceException(operation + ": rejected by Cassandra: " + error.getMessage(), false, error);
    }
    if (notExecuted(error)) {
      return new PersistenceException(operation + ": Cassandra unavailable, not executed: " + error.getMessage(), true, error);
    }
    if (conditional) {
      return new OutcomeUnknownException(operation, error);
    }
    return new PersistenceException(operation + ": " + error.getClass().getSimpleName() + ": " + error.getMessage(), true, error);
  }

  /** Whether the error guarantees that no replica applied the statement. */
  static boolean notExecuted(DriverException error) {
    return error instanceof NoNodeAvailableException
        || error instanceof UnavailableException
        || error instanceof OverloadedException
        || error instanceof BootstrappingException
        || error instanceof RequestThrottlingException;
  }
}
