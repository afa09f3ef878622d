package dev.conduit.visibility.query;

import static dev.conduit.visibility.query.QueryJson.ATTRIBUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every class of invalid query, with the message and the 1-based position reported. */
class InvalidQueryTest {

  private static InvalidQueryException error(String query) {
    return catchThrowableOfType(InvalidQueryException.class, () -> VisibilityQueries.parse(query, ATTRIBUTES));
  }

  private static void assertInvalid(String query, int position, String problem) {
    InvalidQueryException e = error(query);
    assertThat(e).as(query).isNotNull();
    assertThat(e.getMessage()).isEqualTo("invalid query: " + problem + " at position " + position);
    assertThat(e.position()).isEqualTo(position);
  }

  @Test
  void unknownAttribute() {
    assertInvalid("Foo = 'a'", 1, "unknown search attribute 'Foo'");
    assertInvalid("WorkflowId = 'a' AND workflowtype = 'b'", 22, "unknown search attribute 'workflowtype'");
    assertInvalid("`No Such` = 'a'", 1, "unknown search attribute 'No Such'");
    assertInvalid("order by Foo", 10, "unknown search attribute 'Foo'");
    assertInvalid("group by Foo", 10, "unknown search attribute 'Foo'");
  }

  @Test
  void unbalancedParentheses() {
    assertInvalid("(WorkflowId = 'a'", 18, "expected ')' closing the '(' at position 1 but found end of query");
    assertInvalid("((WorkflowId = 'a') OR RunId = 'b'", 35,
        "expected ')' closing the '(' at position 1 but found end of query");
    assertInvalid("WorkflowId = 'a')", 17,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found ')'");
    assertInvalid("()", 2, "expected a search attribute name but found ')'");
  }

  @Test
  void missingValue() {
    assertInvalid("WorkflowId = ", 14, "expected a value but found end of query");
    assertInvalid("WorkflowId = AND RunId = 'a'", 14, "expected a value but found 'AND'");
    assertInvalid("WorkflowId IN ()", 16, "expected a value but found ')'");
    assertInvalid("HistoryLength BETWEEN 1", 24, "expected AND but found end of query");
    assertInvalid("HistoryLength BETWEEN 1 AND", 28, "expected a value but found end of query");
  }

  @Test
  void missingOperandOrAttribute() {
    assertInvalid("AND WorkflowId = 'a'", 1, "expected a search attribute name but found 'AND'");
    assertInvalid("WorkflowId = 'a' AND", 21, "expected a search attribute name but found end of query");
    assertInvalid("WorkflowId = 'a' OR OR RunId = 'b'", 21, "expected a search attribute name but found 'OR'");
    assertInvalid("'a' = WorkflowId", 1, "expected a search attribute name but found string 'a'");
  }

  @Test
  void unknownOperator() {
    String operators = "an operator (=, !=, <>, <, <=, >, >=, BETWEEN, IN, NOT IN, STARTS_WITH, NOT STARTS_WITH, "
        + "IS NULL, IS NOT NULL)";
    assertInvalid("WorkflowId LIKE 'a%'", 12, "expected " + operators + " but found 'LIKE'");
    assertInvalid("WorkflowId", 11, "expected " + operators + " but found end of query");
    assertInvalid("WorkflowId == 'a'", 13, "expected a value but found '='");
    assertInvalid("WorkflowId ! 'a'", 12, "unexpected character '!'");
    assertInvalid("WorkflowId ~ 'a'", 12, "unexpected character '~'");
    assertInvalid("WorkflowId NOT = 'a'", 16, "expected BETWEEN, IN or STARTS_WITH after NOT but found '='");
    assertInvalid("NOT", 4, "expected a search attribute name but found end of query");
    assertInvalid("CloseTime IS 'x'", 14, "expected NULL but found string 'x'");
  }

  @Test
  void trailingGarbage() {
    assertInvalid("WorkflowId = 'a' 'b'", 18,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found string 'b'");
    assertInvalid("WorkflowId = 'a' RunId = 'b'", 18,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found 'RunId'");
    assertInvalid("WorkflowId = 'a' ORDER StartTime", 18,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found 'ORDER'");
    assertInvalid("ORDER BY StartTime WorkflowId = 'a'", 20,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found 'WorkflowId'");
    assertInvalid("ORDER BY StartTime GROUP BY ExecutionStatus", 20,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found 'GROUP'");
    assertInvalid("GROUP BY ExecutionStatus, WorkflowType", 25,
        "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found ','");
    assertInvalid("WorkflowId IN ('a' 'b')", 20, "expected ',' or ')' but found string 'b'");
  }

  @Test
  void nestingIsLimited() throws InvalidQueryException {
    String hundred = "(".repeat(100) + "WorkflowId = 'a'" + ")".repeat(100);
    assertThat(VisibilityQueries.parse(hundred, ATTRIBUTES).filter().isTerm()).isTrue();
    assertInvalid("NOT " + hundred, 104, "expression nested more than 100 levels deep");
    assertInvalid("(".repeat(100_000), 101, "expression nested more than 100 levels deep");
  }

  @Test
  void lexicalErrors() {
    assertInvalid("WorkflowId = 'abc", 14, "unterminated string");
    assertInvalid("WorkflowId = \"abc\\\"", 14, "unterminated string");
    assertInvalid("`WorkflowId = 'a'", 1, "unterminated back-quoted name");
    assertInvalid("`` = 'a'", 1, "empty back-quoted name");
    assertInvalid("HistoryLength = 12abc", 17, "malformed number '12abc'");
    assertInvalid("HistoryLength = 1.2.3", 17, "malformed number '1.2.3'");
    assertInvalid("CustomDoubleField = 1" + "0".repeat(400), 21,
        "value 1" + "0".repeat(400) + " of Double attribute 'CustomDoubleField' is out of range");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "CustomIntField = 'abc'          | 18 | invalid value string 'abc' for Int attribute 'CustomIntField': expected an integer",
      "CustomIntField = 1.5            | 18 | invalid value '1.5' for Int attribute 'CustomIntField': expected an integer",
      "CustomIntField IN (1, true)     | 23 | invalid value 'true' for Int attribute 'CustomIntField': expected an integer",
      "HistoryLength > 99999999999999999999 | 17 | value 99999999999999999999 of Int attribute 'HistoryLength' is out of range",
      "CustomIntField = '7'            | 18 | invalid value string '7' for Int attribute 'CustomIntField': expected an integer",
      "CustomDoubleField = 'x1'        | 21 | invalid value string 'x1' for Double attribute 'CustomDoubleField': expected a number",
      "CustomDoubleField = '1.5'       | 21 | invalid value string '1.5' for Double attribute 'CustomDoubleField': expected a number",
      "CustomBoolField = 1             | 19 | invalid value '1' for Bool attribute 'CustomBoolField': expected true or false",
      "CustomBoolField = 'true'        | 19 | invalid value string 'true' for Bool attribute 'CustomBoolField': expected true or false",
      "CustomTextField = '  '          | 19 | no words to match in the value of Text attribute 'CustomTextField'",
      "WorkflowId = 5                  | 14 | invalid value '5' for Keyword attribute 'WorkflowId': expected a quoted string",
      "BuildIds = true                 | 12 | invalid value 'true' for KeywordList attribute 'BuildIds': expected a quoted string",
      "CustomTextField = 3             | 19 | invalid value '3' for Text attribute 'CustomTextField': expected a quoted string",
      "StartTime > 'yesterday'         | 13 | invalid value string 'yesterday' for Datetime attribute 'StartTime': expected an RFC 3339 date-time string (e.g. '2026-12-05T10:00:00Z') or epoch nanoseconds",
      "StartTime > '2026-12-05'        | 13 | invalid value string '2026-12-05' for Datetime attribute 'StartTime': expected an RFC 3339 date-time string (e.g. '2026-12-05T10:00:00Z') or epoch nanoseconds",
      "StartTime > '2026-13-05T10:00:00Z' | 13 | invalid date-time string '2026-13-05T10:00:00Z' for Datetime attribute 'StartTime'",
      "ExecutionDuration > '10 s'      | 21 | invalid value string '10 s' for Int attribute 'ExecutionDuration': expected nanoseconds, a duration such as '1h30m', '10s', '500ms' or '2d', or 'hh:mm:ss'",
      "ExecutionDuration > '1y'        | 21 | invalid value string '1y' for Int attribute 'ExecutionDuration': expected nanoseconds, a duration such as '1h30m', '10s', '500ms' or '2d', or 'hh:mm:ss'",
      "ExecutionDuration > '1:60:00'   | 21 | invalid value string '1:60:00' for Int attribute 'ExecutionDuration': expected nanoseconds, a duration such as '1h30m', '10s', '500ms' or '2d', or 'hh:mm:ss'",
      "ExecutionDuration > '999999999h' | 21 | invalid value string '999999999h' for Int attribute 'ExecutionDuration': expected nanoseconds, a duration such as '1h30m', '10s', '500ms' or '2d', or 'hh:mm:ss'",
      "ExecutionDuration > 1.5         | 21 | invalid value '1.5' for Int attribute 'ExecutionDuration': expected nanoseconds, a duration such as '1h30m', '10s', '500ms' or '2d', or 'hh:mm:ss'",
      "ExecutionStatus = 'running'     | 19 | invalid ExecutionStatus value string 'running', expected one of Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut, Paused",
      "ExecutionStatus IN ('Failed', 9) | 31 | invalid ExecutionStatus value '9', expected one of Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut, Paused"})
  void valueOfTheWrongType(String query, int position, String problem) {
    assertInvalid(query, position, problem);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "CustomTextField > 'a'              | 17 | operator > is not supported for Text attribute 'CustomTextField'",
      "CustomTextField IN ('a')           | 17 | operator IN is not supported for Text attribute 'CustomTextField'",
      "CustomTextField STARTS_WITH 'a'    | 17 | operator STARTS_WITH is not supported for Text attribute 'CustomTextField'",
      "CustomTextField BETWEEN 'a' AND 'b' | 17 | operator BETWEEN is not supported for Text attribute 'CustomTextField'",
      "CustomBoolField BETWEEN true AND false | 17 | operator BETWEEN is not supported for Bool attribute 'CustomBoolField'",
      "CustomBoolField < true             | 17 | operator < is not supported for Bool attribute 'CustomBoolField'",
      "BuildIds STARTS_WITH 'v'           | 10 | operator STARTS_WITH is not supported for KeywordList attribute 'BuildIds'",
      "BuildIds > 'v'                     | 10 | operator > is not supported for KeywordList attribute 'BuildIds'",
      "CustomIntField STARTS_WITH '1'     | 16 | operator STARTS_WITH is not supported for Int attribute 'CustomIntField'",
      "StartTime NOT STARTS_WITH '2026'   | 11 | operator NOT STARTS_WITH is not supported for Datetime attribute 'StartTime'",
      "ExecutionStatus > 'Running'        | 17 | operator > is not supported for Keyword attribute 'ExecutionStatus'",
      "ExecutionStatus STARTS_WITH 'Run'  | 17 | operator STARTS_WITH is not supported for Keyword attribute 'ExecutionStatus'"})
  void operatorNotSupportedForType(String query, int position, String problem) {
    assertInvalid(query, position, problem);
  }

  @Test
  void orderByText() {
    assertInvalid("ORDER BY StartTime, CustomTextField DESC", 21, "cannot ORDER BY Text attribute 'CustomTextField'");
    assertInvalid("ORDER BY", 9, "expected a search attribute name but found end of query");
    assertInvalid("ORDER BY StartTime,", 20, "expected a search attribute name but found end of query");
  }

  @Test
  void groupByOtherThanExecutionStatus() {
    assertInvalid("GROUP BY WorkflowType", 10, "GROUP BY is only supported on ExecutionStatus, not 'WorkflowType'");
  }

  @Test
  void attributeOfAnUnsupportedType() {
    assertThatThrownBy(() -> VisibilityQueries.parse(
            "Odd = 'a'", name -> Optional.of(IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("invalid query: search attribute 'Odd' has an unsupported type INDEXED_VALUE_TYPE_UNSPECIFIED"
            + " at position 1");
  }
}
