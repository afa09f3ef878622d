package dev.conduit.visibility.query;

import static dev.conduit.visibility.query.QueryJson.ATTRIBUTES;
import static dev.conduit.visibility.query.QueryJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random sequences of query fragments: parsing either succeeds or throws an InvalidQueryException, nothing else. */
class RobustnessTest {

  private static final List<String> FRAGMENTS = List.of(
      "WorkflowId", "ExecutionStatus", "ExecutionDuration", "StartTime", "CustomIntField", "CustomDoubleField",
      "CustomBoolField", "CustomTextField", "BuildIds", "`Custom Attr`", "Unknown", "=", "!=", "<>", "<", "<=", ">",
      ">=", "AND", "OR", "NOT", "IN", "BETWEEN", "STARTS_WITH", "IS", "NULL", "ORDER BY", "GROUP BY", "ASC", "DESC",
      "(", ")", ",", "'a'", "\"b\"", "'Running'", "'1h30m'", "'5.s'", "'01:02:03'", "'2026-12-05T10:00:00Z'",
      "'2026-12-05T10:00:00+25:00'", "0", "-1", "1.5", ".5", "99999999999999999999", "true", "false", "'", "`", "!",
      "-", "''", "'   '", "1e5", "é");

  @Test
  void onlyInvalidQueryExceptionsEscape() {
    Random random = new Random(20261205L);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder query = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int j = 0; j < length; j++) {
        query.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))).append(random.nextBoolean() ? " " : "");
      }
      try {
        ParsedQuery result = VisibilityQueries.parse(query.toString(), ATTRIBUTES);
        assertThat(tree(result.filter())).isNotNull();
        result.sort().forEach(QueryJson::tree);
        parsed++;
      } catch (InvalidQueryException e) {
        assertThat(e.position()).as(query.toString()).isBetween(1, query.length() + 1);
      }
    }
    assertThat(parsed).isPositive();
  }
}
