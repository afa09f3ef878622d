package dev.conduit.visibility.query;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates Temporal's visibility query language (the "List Filter" of {@code ListWorkflowExecutions} and
 * {@code CountWorkflowExecutions}) into Elasticsearch queries. Document fields are named after the search attributes.
 *
 * <p>Supported: comparisons {@code = != <> < <= > >=}, {@code [NOT] BETWEEN a AND b}, {@code [NOT] IN (...)},
 * {@code [NOT] STARTS_WITH 'prefix'}, {@code IS [NOT] NULL}, {@code NOT}, {@code AND} (binding tighter than)
 * {@code OR}, parentheses, then an optional {@code GROUP BY ExecutionStatus} and an optional
 * {@code ORDER BY name [ASC|DESC], ...}. Keywords are case-insensitive; attribute names are case-sensitive and may be
 * back-quoted.
 *
 * <p>Per type: Keyword supports every operator; KeywordList {@code =}, {@code !=}, {@code IN}, {@code NOT IN}
 * (matching any element); Text {@code =} (a full-text {@code match}) and {@code !=}; Int, Double and Datetime the
 * comparisons, {@code BETWEEN} and {@code IN}; Bool {@code =}, {@code !=} and {@code IN}; every type
 * {@code IS [NOT] NULL}. ExecutionStatus takes status names ({@code 'Running'}, or
 * {@code 'WORKFLOW_EXECUTION_STATUS_RUNNING'}) or enum numbers; ExecutionDuration nanoseconds or durations
 * ({@code '1h30m'}, {@code '2d'}, {@code '01:30:00'}); Datetime RFC 3339 strings or epoch nanoseconds, normalized to
 * UTC.
 *
 * <p>The filter is only the query's: the caller adds the namespace condition (and, like Temporal, a
 * {@code TemporalNamespaceDivision IS NULL} condition when the query does not mention that attribute).
 */
public final class VisibilityQueries {

  private VisibilityQueries() {}

  /**
   * Parses {@code query} (may be empty or blank: matches everything).
   *
   * @param attributes resolves a search attribute name (system or custom) to its type; {@link Optional#empty()} for
   *     an unknown name
   * @throws InvalidQueryException if the query is malformed, names an unknown attribute, has a value of the wrong
   *     type or an operator the attribute's type does not support
   */
  public static ParsedQuery parse(String query, Function<String, Optional<IndexedValueType>> attributes)
      throws InvalidQueryException {
    return Parser.parse(query == null ? "" : query, attributes);
  }
}
