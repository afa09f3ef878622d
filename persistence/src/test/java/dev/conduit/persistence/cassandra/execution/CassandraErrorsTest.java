package dev.conduit.persistence.cassandra.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.conduit.persistence.OutcomeUnknownException;
import dev.conduit.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

class CassandraErrorsTest {

  @Test
  void timedOutLightweightTransactionHasAnUnknownOutcome() {
    WriteTimeoutException cas = new WriteTimeoutException(null, DefaultConsistencyLevel.LOCAL_SERIAL, 0, 1, DefaultWriteType.CAS);

    PersistenceException translated = CassandraErrors.translate("update wf", cas, true);

    assertThat(translated).isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("outcome unknown").hasCause(cas);
    assertThat(translated.isRetryable()).isTrue();
    assertThat(CassandraErrors.translate("update wf", new CASWriteUnknownException(null, DefaultConsistencyLevel.LOCAL_SERIAL, 0, 1), true))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(CassandraErrors.translate("update wf", new DriverTimeoutException("client timeout"), true))
        .isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void timeoutOfAPlainStatementIsSimplyRetryable() {
    WriteTimeoutException simple = new WriteTimeoutException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 0, 1, DefaultWriteType.SIMPLE);

    PersistenceException translated = CassandraErrors.translate("append history", simple, false);

    assertThat(translated).isNotInstanceOf(OutcomeUnknownException.class);
    assertThat(translated.isRetryable()).isTrue();
  }

  @Test
  void errorsRaisedBeforeExecutionAreRetryableEvenForConditionalWrites() {
    PersistenceException unavailable =
        CassandraErrors.translate("create wf", new UnavailableException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 1, 0), true);
    PersistenceException noNode = CassandraErrors.translate("create wf", new NoNodeAvailableException(), true);

    assertThat(unavailable).isNotInstanceOf(OutcomeUnknownException.class);
    assertThat(unavailable.isRetryable()).isTrue();
    assertThat(noNode).isNotInstanceOf(OutcomeUnknownException.class);
    assertThat(noNode.isRetryable()).isTrue();
  }

  @Test
  void invalidStatementIsNotRetryable() {
    PersistenceException translated = CassandraErrors.translate("read", new InvalidQueryException(null, "unconfigured table executions"), false);
    assertThat(translated.isRetryable()).isFalse();
    assertThat(translated).hasMessageContaining("unconfigured table");
  }
}
