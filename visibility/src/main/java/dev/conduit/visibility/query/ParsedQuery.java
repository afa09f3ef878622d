package dev.conduit.visibility.query;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A visibility query translated into Elasticsearch terms.
 *
 * @param filter the filter; {@code match_all} for an empty query
 * @param sort the ORDER BY clause in order; empty when the query has none
 * @param groupBy the GROUP BY attribute (only {@code ExecutionStatus}); empty when the query has none
 */
public record ParsedQuery(Query filter, List<SortOptions> sort, Optional<String> groupBy) {

  /** Checks the components are present and copies the sort list. */
  public ParsedQuery {
    Objects.requireNonNull(filter, "filter");
    sort = List.copyOf(sort);
    Objects.requireNonNull(groupBy, "groupBy");
  }
}
