package dev.conduit.persistence.matching;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import dev.conduit.persistence.PersistenceException;

/** Turns driver exceptions into {@link PersistenceException}s that say whether a retry may succeed. */
final class DriverErrors {
  private DriverErrors() {}

  static RuntimeException translate(RuntimeException e) {
    if (e instanceof PersistenceException) {
      return e;
    }
    if (!(e instanceof DriverException)) {
      return e;
    }
    // timeouts, unavailable replicas and overload pass; syntax, schema and auth errors never will
    boolean retryable = e instanceof DriverTimeoutException
        || e instanceof AllNodesFailedException
        || e instanceof NodeUnavailableException
        || e instanceof RequestThrottlingException
        || e instanceof QueryExecutionException;
    return new PersistenceException("Cassandra: " + e.getMessage(), retryable, e);
  }
}
