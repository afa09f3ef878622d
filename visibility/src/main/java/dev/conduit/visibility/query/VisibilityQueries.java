package dev.conduit.visibility.query;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates Temporal's visibility query language (the "List Filter" of {@code ListWorkflowExecutions} and
 * {@code CountWorkflowExecutions}) into Elasticsearch queries. Document fields are named after the search attributes.
 *
 * <p>Supported: comparisons {@code = != <> < <= > >=}, {@code [NOT] BETWEEN a AND b}, {@code [NOT] IN (...)},
 * {@code [NOT] STARTS_WITH 'prefix'}, {@code IS [NOT] NULL}, {@code NOT}, {@code AND} (binding tighter than) {@code OR},
 * parentheses, a trailing {@code GROUP BY ExecutionStatus} and a trailing {@code ORDER BY name [ASC|DESC], ...}.
 * Keywords are case-insensitive; attribute names are case-sensitive and may be back-quoted.
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
