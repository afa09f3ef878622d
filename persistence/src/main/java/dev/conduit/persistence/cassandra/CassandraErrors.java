package dev.conduit.persistence.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one classification of Cassandra driver errors, used by every store: whether repeating the statement
 * is safe, and whether a conditional write (lightweight transaction) may have been applied.
 *
 * <ul>
 *   <li>{@link Outcome#NOT_EXECUTED}: no replica applied anything (no node, unavailable replicas, overload,
 *       bootstrapping, throttling, a busy or unavailable node). Retryable for every statement.
 *   <li>{@link Outcome#RETRYABLE}: the statement may have run (read or write timeout, client timeout, lost
 *       connection), but it is a read or a plain write that has the same effect when repeated.
 *   <li>{@link Outcome#UNKNOWN}: the same failures of a conditional write, a timeout of a Paxos round
 *       ({@code WriteTimeoutException} with write type {@code CAS}) or {@code CASWriteUnknownException}. The
 *       write may or may not have been applied: the caller must re-read, never repeat it blindly.
 *   <li>{@link Outcome#PERMANENT}: everything else (invalid or unauthorized statements, missing schema,
 *       replica failures, protocol errors); repeating cannot help.
 * </ul>
 */
public final class CassandraErrors {

  /**
   * What a failed statement tells about its effect and about repeating it, in rising order of caution:
   * when the driver tried several nodes, the most cautious of their outcomes is the statement's.
   */
  public enum Outcome { NOT_EXECUTED, RETRYABLE, PERMANENT, UNKNOWN }

  private CassandraErrors() {}

  /**
   * Classifies {@code error} of a statement; {@code conditional} says whether the statement has an
   * {@code IF} clause. A Paxos timeout is an unknown outcome even when the caller did not say so.
   */
  public static Outcome classify(DriverException error, boolean conditional) {
    if (notExecuted(error)) {
      return Outcome.NOT_EXECUTED;
    }
    if (error instanceof CASWriteUnknownException
        || error instanceof WriteTimeoutException timeout && timeout.getWriteType() == DefaultWriteType.CAS) {
      return Outcome.UNKNOWN;
    }
    if (error instanceof AllNodesFailedException allFailed) {
      // the driver tried several nodes; the statement may have run on any node whose error says so
      return allFailed.getAllErrors().values().stream().flatMap(List::stream)
          .filter(DriverException.class::isInstance)
          .map(cause -> classify((DriverException) cause, conditional))
          .max(Enum::compareTo)
          .orElse(Outcome.NOT_EXECUTED);
    }
    boolean mayHaveRun = error instanceof WriteTimeoutException
        || error instanceof ReadTimeoutException
        || error instanceof DriverTimeoutException
        || error instanceof ClosedConnectionException
        || error instanceof HeartbeatException;
    if (mayHaveRun) {
      return conditional ? Outcome.UNKNOWN : Outcome.RETRYABLE;
    }
    if (conditional && error instanceof WriteFailureException) {
      // some replicas failed, others may have accepted the Paxos proposal
      return Outcome.UNKNOWN;
    }
    return Outcome.PERMANENT;
  }

  /** The persistence error for {@code error}, as {@link #classify} decides it. */
  public static PersistenceException translate(String operation, DriverException error, boolean conditional) {
    return switch (classify(error, conditional)) {
      case NOT_EXECUTED -> new PersistenceException(
          operation + ": Cassandra unavailable, not executed: " + describe(error), true, error);
      case RETRYABLE -> new PersistenceException(operation + ": " + describe(error), true, error);
      case UNKNOWN -> new OutcomeUnknownException(operation, error);
      case PERMANENT -> new PersistenceException(operation + ": rejected by Cassandra: " + describe(error), false, error);
    };
  }

  /** Runs a read or a plain write, its driver error translated as {@link #translate} does. */
  public static <T> T plain(String operation, Supplier<T> statement) {
    try {
      return statement.get();
    } catch (DriverException e) {
      throw translate(operation, e, false);
    }
  }

  /** Runs a conditional write; a failure that may have applied it is an {@link OutcomeUnknownException}. */
  public static <T> T conditional(String operation, Supplier<T> statement) {
    try {
      return statement.get();
    } catch (DriverException e) {
      throw translate(operation, e, true);
    }
  }

  /** Whether the error guarantees that no replica applied the statement. */
  public static boolean notExecuted(DriverException error) {
    if (error instanceof AllNodesFailedException allFailed && !allFailed.getAllErrors().isEmpty()) {
      return allFailed.getAllErrors().values().stream().flatMap(List::stream)
          .allMatch(cause -> cause instanceof DriverException driver && notExecuted(driver));
    }
    // AllNodesFailedException with no errors is NoNodeAvailableException: nothing was sent
    return error instanceof AllNodesFailedException
        || error instanceof UnavailableException
        || error instanceof OverloadedException
        || error instanceof BootstrappingException
        || error instanceof RequestThrottlingException
        || error instanceof BusyConnectionException
        || error instanceof NodeUnavailableException;
  }

  private static String describe(DriverException error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
