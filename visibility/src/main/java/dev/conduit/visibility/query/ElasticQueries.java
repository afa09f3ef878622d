package dev.conduit.visibility.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import java.util.List;

/** Builds the Elasticsearch queries a visibility query translates to. Values come from {@link ValueConverter}. */
final class ElasticQueries {

  private ElasticQueries() {}

  static Query matchAll() {
    return Query.of(q -> q.matchAll(m -> m));
  }

  /** All of {@code queries}, as non-scoring filters. */
  static Query and(List<Query> queries) {
    return Query.of(q -> q.bool(b -> b.filter(queries)));
  }

  /** At least one of {@code queries}. */
  static Query or(List<Query> queries) {
    return Query.of(q -> q.bool(b -> b.should(queries).minimumShouldMatch("1")));
  }

  static Query not(Query query) {
    return Query.of(q -> q.bool(b -> b.mustNot(query)));
  }

  /** The field equals the value; for a multi-valued field, any of its values does. */
  static Query term(String field, Object value) {
    return Query.of(q -> q.term(t -> t.field(field).value(fieldValue(value))));
  }

  /** The field equals one of the values; for a multi-valued field, any of its values does. */
  static Query terms(String field, List<Object> values) {
    List<FieldValue> fieldValues = values.stream().map(ElasticQueries::fieldValue).toList();
    return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(fieldValues))));
  }

  /** Full-text match of an analyzed (text) field: any word of {@code text} matches. */
  static Query match(String field, String text) {
    return Query.of(q -> q.match(m -> m.field(field).query(text)));
  }

  static Query prefix(String field, String prefix) {
    return Query.of(q -> q.prefix(p -> p.field(field).value(prefix)));
  }

  static Query exists(String field) {
    return Query.of(q -> q.exists(e -> e.field(field)));
  }

  /**
   * A range on the field; a null bound is open.
   *
   * @param lower the lower bound, or null
   * @param lowerInclusive whether the lower bound is included ({@code gte}) or not ({@code gt})
   * @param upper the upper bound, or null
   * @param upperInclusive whether the upper bound is included ({@code lte}) or not ({@code lt})
   */
  static Query range(String field, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {
    return Query.of(q -> q.range(r -> r.untyped(u -> {
      u.field(field);
      if (lower != null) {
        if (lowerInclusive) {
          u.gte(JsonData.of(lower));
        } else {
          u.gt(JsonData.of(lower));
        }
      }
      if (upper != null) {
        if (upperInclusive) {
          u.lte(JsonData.of(upper));
        } else {
          u.lt(JsonData.of(upper));
        }
      }
      return u;
    })));
  }

  private static FieldValue fieldValue(Object value) {
    if (value instanceof String s) {
      return FieldValue.of(s);
    }
    if (value instanceof Long l) {
      return FieldValue.of(l);
    }
    if (value instanceof Double d) {
      return FieldValue.of(d);
    }
    if (value instanceof Boolean b) {
      return FieldValue.of(b);
    }
    throw new IllegalArgumentException("unsupported value " + value);
  }
}
