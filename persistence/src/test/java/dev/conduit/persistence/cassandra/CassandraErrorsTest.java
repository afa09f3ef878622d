package dev.conduit.persistence.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import dev.conduit.persistence.cassandra.CassandraErrors.Outcome;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraErrorsTest {

  private static final WriteTimeoutException CAS_TIMEOUT =
      new WriteTimeoutException(null, DefaultConsistencyLevel.LOCAL_SERIAL, 0, 1, DefaultWriteType.CAS);
  private static final WriteTimeoutException SIMPLE_TIMEOUT =
      new WriteTimeoutException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 0, 1, DefaultWriteType.SIMPLE);

  @Test
  void timedOutLightweightTransactionHasAnUnknownOutcome() {
    PersistenceException translated = CassandraErrors.translate("update wf", CAS_TIMEOUT, true);

    assertThat(translated).isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("outcome unknown").hasCause(CAS_TIMEOUT);
    assertThat(CassandraErrors.translate("update wf", new CASWriteUnknownException(null, DefaultConsistencyLevel.LOCAL_SERIAL, 0, 1), true))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(CassandraErrors.translate("update wf", new DriverTimeoutException("client timeout"), true))
        .isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void paxosTimeoutIsUnknownEvenWhenTheCallerDidNotSayTheStatementWasConditional() {
    assertThat(CassandraErrors.classify(CAS_TIMEOUT, false)).isEqualTo(Outcome.UNKNOWN);
    assertThat(CassandraErrors.classify(new CASWriteUnknownException(null, DefaultConsistencyLevel.SERIAL, 0, 1), false))
        .isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void anyTimeoutOrLostConnectionOfAConditionalStatementIsUnknown() {
    assertThat(CassandraErrors.classify(SIMPLE_TIMEOUT, true)).isEqualTo(Outcome.UNKNOWN);
    assertThat(CassandraErrors.classify(new ReadTimeoutException(null, DefaultConsistencyLevel.LOCAL_SERIAL, 0, 1, false), true))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(CassandraErrors.classify(new ClosedConnectionException("gone"), true)).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void timeoutOfAPlainStatementIsSimplyRetryable() {
    PersistenceException translated = CassandraErrors.translate("append history", SIMPLE_TIMEOUT, false);

    assertThat(translated).isNotInstanceOf(OutcomeUnknownException.class);
    assertThat(translated.isRetryable()).isTrue();
    assertThat(CassandraErrors.classify(new ReadTimeoutException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 0, 1, false), false))
        .isEqualTo(Outcome.RETRYABLE);
    assertThat(CassandraErrors.classify(new DriverTimeoutException("client timeout"), false)).isEqualTo(Outcome.RETRYABLE);
  }

  @Test
  void errorsRaisedBeforeExecutionAreRetryableEvenForConditionalWrites() {
    List<RuntimeException> notExecuted = List.of(
        new UnavailableException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 1, 0),
        new NoNodeAvailableException(),
        new OverloadedException(null),
        new RequestThrottlingException("throttled"));

    for (RuntimeException error : notExecuted) {
      PersistenceException translated = CassandraErrors.translate("create wf", (com.datastax.oss.driver.api.core.DriverException) error, true);
      assertThat(translated).as(error.getClass().getSimpleName()).isNotInstanceOf(OutcomeUnknownException.class);
      assertThat(translated.isRetryable()).as(error.getClass().getSimpleName()).isTrue();
    }
  }

  @Test
  void invalidOrUnauthorizedStatementIsNotRetryable() {
    PersistenceException translated = CassandraErrors.translate("read", new InvalidQueryException(null, "unconfigured table executions"), false);
    assertThat(translated.isRetryable()).isFalse();
    assertThat(translated).hasMessageContaining("unconfigured table");
    assertThat(CassandraErrors.classify(new SyntaxError(null, "bad"), true)).isEqualTo(Outcome.PERMANENT);
    assertThat(CassandraErrors.classify(new UnauthorizedException(null, "no"), false)).isEqualTo(Outcome.PERMANENT);
  }

  @Test
  void allNodesFailedTakesTheMostCautiousOutcomeOfItsNodes() {
    Node first = node();
    Node second = node();
    Map<Node, Throwable> unavailableOnly = new LinkedHashMap<>();
    unavailableOnly.put(first, new UnavailableException(first, DefaultConsistencyLevel.LOCAL_QUORUM, 1, 0));
    unavailableOnly.put(second, new OverloadedException(second));
    Map<Node, Throwable> oneTimedOut = new LinkedHashMap<>(unavailableOnly);
    oneTimedOut.put(second, new WriteTimeoutException(second, DefaultConsistencyLevel.LOCAL_QUORUM, 0, 1, DefaultWriteType.SIMPLE));

    assertThat(CassandraErrors.classify(AllNodesFailedException.fromErrors(unavailableOnly), true)).isEqualTo(Outcome.NOT_EXECUTED);
    assertThat(CassandraErrors.classify(AllNodesFailedException.fromErrors(oneTimedOut), false)).isEqualTo(Outcome.RETRYABLE);
    assertThat(CassandraErrors.classify(AllNodesFailedException.fromErrors(oneTimedOut), true)).isEqualTo(Outcome.UNKNOWN);
  }

  private static Node node() {
    return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class}, (proxy, method, args) ->
        switch (method.getName()) {
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "node";
          default -> null;
        });
  }
}
