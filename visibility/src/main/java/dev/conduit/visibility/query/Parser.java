package dev.conduit.visibility.query;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.conduit.visibility.query.Token.Kind;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Recursive-descent parser of the visibility query language, producing Elasticsearch queries directly:
 *
 * <pre>
 * query      := [or] [GROUP BY name] [ORDER BY name [ASC|DESC] {, name [ASC|DESC]}] END
 * or         := and {OR and}
 * and        := primary {AND primary}
 * primary    := NOT primary | ( or ) | name predicate
 * predicate  := (= | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) value
 *             | [NOT] BETWEEN value AND value | [NOT] IN ( value {, value} ) | [NOT] STARTS_WITH value
 *             | IS [NOT] NULL
 * name       := word | `back-quoted name`
 * value      := 'string' | "string" | number | TRUE | FALSE
 * </pre>
 */
final class Parser {

  private static final Map<String, Operator> COMPARISONS =
      Map.of("=", Operator.EQUAL, "!=", Operator.NOT_EQUAL, "<>", Operator.NOT_EQUAL, "<", Operator.LESS,
          "<=", Operator.LESS_OR_EQUAL, ">", Operator.GREATER, ">=", Operator.GREATER_OR_EQUAL);
  private static final Set<String> RESERVED =
      Set.of("AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "STARTS_WITH", "ORDER", "GROUP", "BY", "ASC", "DESC");
  private static final Set<IndexedValueType> SUPPORTED_TYPES =
      EnumSet.complementOf(EnumSet.of(IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED, IndexedValueType.UNRECOGNIZED));
  private static final String GROUP_BY_ATTRIBUTE = "ExecutionStatus";
  /** How deeply parentheses and NOT may nest, so that a pathological query cannot exhaust the stack. */
  private static final int MAX_DEPTH = 100;

  private final List<Token> tokens;
  private final Function<String, Optional<IndexedValueType>> attributes;
  private int index;
  private int depth;

  private Parser(List<Token> tokens, Function<String, Optional<IndexedValueType>> attributes) {
    this.tokens = tokens;
    this.attributes = attributes;
  }

  /** Parses {@code query}, resolving attribute names with {@code attributes}. */
  static ParsedQuery parse(String query, Function<String, Optional<IndexedValueType>> attributes)
      throws InvalidQueryException {
    return new Parser(Tokenizer.tokenize(query), attributes).query();
  }

  private ParsedQuery query() throws InvalidQueryException {
    Query filter = atClause("GROUP") || atClause("ORDER") || current().kind() == Kind.END
        ? ElasticQueries.matchAll()
        : or();
    Optional<String> groupBy = Optional.empty();
    if (atClause("GROUP")) {
      index += 2;
      groupBy = Optional.of(groupBy());
    }
    List<SortOptions> sort = List.of();
    if (atClause("ORDER")) {
      index += 2;
      sort = orderBy();
    }
    if (current().kind() != Kind.END) {
      throw unexpected("AND, OR, GROUP BY, ORDER BY or the end of the query");
    }
    return new ParsedQuery(filter, sort, groupBy);
  }

  private Query or() throws InvalidQueryException {
    List<Query> operands = new ArrayList<>();
    operands.add(and());
    while (current().isKeyword("OR")) {
      index++;
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : ElasticQueries.or(operands);
  }

  private Query and() throws InvalidQueryException {
    List<Query> operands = new ArrayList<>();
    operands.add(primary());
    while (current().isKeyword("AND")) {
      index++;
      operands.add(primary());
    }
    return operands.size() == 1 ? operands.get(0) : ElasticQueries.and(operands);
  }

  private Query primary() throws InvalidQueryException {
    Token token = current();
    if (!token.isKeyword("NOT") && token.kind() != Kind.LEFT_PAREN) {
      return predicate();
    }
    if (++depth > MAX_DEPTH) {
      throw new InvalidQueryException("expression nested more than " + MAX_DEPTH + " levels deep", token.position());
    }
    index++;
    Query result;
    if (token.kind() == Kind.LEFT_PAREN) {
      result = or();
      if (current().kind() != Kind.RIGHT_PAREN) {
        throw unexpected("')' closing the '(' at position " + token.position());
      }
      index++;
    } else {
      result = ElasticQueries.not(primary());
    }
    depth--;
    return result;
  }

  private Query predicate() throws InvalidQueryException {
    Token nameToken = current();
    String name = attributeName();
    IndexedValueType type = attributeType(nameToken);
    Token operatorToken = current();
    Operator operator = operator();
    if (!operator.appliesTo(name, type)) {
      throw new InvalidQueryException(
          "operator " + operator.symbol() + " is not supported for " + ValueConverter.typeName(type) + " attribute '"
              + name + "'",
          operatorToken.position());
    }
    return switch (operator) {
      case EQUAL -> equal(name, type);
      case NOT_EQUAL -> ElasticQueries.not(equal(name, type));
      case LESS -> ElasticQueries.range(name, null, false, value(name, type), false);
      case LESS_OR_EQUAL -> ElasticQueries.range(name, null, false, value(name, type), true);
      case GREATER -> ElasticQueries.range(name, value(name, type), false, null, false);
      case GREATER_OR_EQUAL -> ElasticQueries.range(name, value(name, type), true, null, false);
      case BETWEEN -> between(name, type);
      case NOT_BETWEEN -> ElasticQueries.not(between(name, type));
      case IN -> ElasticQueries.terms(name, valueList(name, type));
      case NOT_IN -> ElasticQueries.not(ElasticQueries.terms(name, valueList(name, type)));
      case STARTS_WITH -> ElasticQueries.prefix(name, (String) value(name, type));
      case NOT_STARTS_WITH -> ElasticQueries.not(ElasticQueries.prefix(name, (String) value(name, type)));
      case IS_NULL -> ElasticQueries.not(ElasticQueries.exists(name));
      case IS_NOT_NULL -> ElasticQueries.exists(name);
    };
  }

  /** Reads the operator of a predicate, up to its first value. */
  private Operator operator() throws InvalidQueryException {
    Token token = current();
    if (token.kind() == Kind.OPERATOR) {
      index++;
      return COMPARISONS.get(token.text());
    }
    if (token.isKeyword("IS")) {
      index++;
      boolean not = acceptKeyword("NOT");
      expectKeyword("NULL");
      return not ? Operator.IS_NOT_NULL : Operator.IS_NULL;
    }
    boolean not = acceptKeyword("NOT");
    Token keyword = current();
    Operator operator = null;
    if (keyword.isKeyword("BETWEEN")) {
      operator = not ? Operator.NOT_BETWEEN : Operator.BETWEEN;
    } else if (keyword.isKeyword("IN")) {
      operator = not ? Operator.NOT_IN : Operator.IN;
    } else if (keyword.isKeyword("STARTS_WITH")) {
      operator = not ? Operator.NOT_STARTS_WITH : Operator.STARTS_WITH;
    }
    if (operator == null) {
      throw unexpected(not
          ? "BETWEEN, IN or STARTS_WITH after NOT"
          : "an operator (=, !=, <>, <, <=, >, >=, BETWEEN, IN, NOT IN, STARTS_WITH, NOT STARTS_WITH, IS NULL, "
              + "IS NOT NULL)");
    }
    index++;
    return operator;
  }

  /** Equality: a full-text match for Text attributes, an exact term otherwise. */
  private Query equal(String name, IndexedValueType type) throws InvalidQueryException {
    Object value = value(name, type);
    return type == IndexedValueType.INDEXED_VALUE_TYPE_TEXT
        ? ElasticQueries.match(name, (String) value)
        : ElasticQueries.term(name, value);
  }

  private Query between(String name, IndexedValueType type) throws InvalidQueryException {
    Object lower = value(name, type);
    expectKeyword("AND");
    Object upper = value(name, type);
    return ElasticQueries.range(name, lower, true, upper, true);
  }

  private List<Object> valueList(String name, IndexedValueType type) throws InvalidQueryException {
    expect(Kind.LEFT_PAREN, "'('");
    List<Object> values = new ArrayList<>();
    values.add(value(name, type));
    while (current().kind() == Kind.COMMA) {
      index++;
      values.add(value(name, type));
    }
    expect(Kind.RIGHT_PAREN, "',' or ')'");
    return values;
  }

  /** Reads a literal and converts it to a value of the attribute's type. */
  private Object value(String name, IndexedValueType type) throws InvalidQueryException {
    Token token = current();
    boolean literal = token.kind() == Kind.STRING || token.kind() == Kind.NUMBER
        || token.isKeyword("true") || token.isKeyword("false");
    if (!literal) {
      throw unexpected("a value");
    }
    index++;
    return ValueConverter.convert(name, type, token);
  }

  private String groupBy() throws InvalidQueryException {
    Token token = current();
    String name = attributeName();
    attributeType(token);
    if (!name.equals(GROUP_BY_ATTRIBUTE)) {
      throw new InvalidQueryException(
          "GROUP BY is only supported on " + GROUP_BY_ATTRIBUTE + ", not '" + name + "'", token.position());
    }
    return name;
  }

  private List<SortOptions> orderBy() throws InvalidQueryException {
    List<SortOptions> sort = new ArrayList<>();
    do {
      Token token = current();
      String name = attributeName();
      IndexedValueType type = attributeType(token);
      if (type == IndexedValueType.INDEXED_VALUE_TYPE_TEXT) {
        throw new InvalidQueryException("cannot ORDER BY Text attribute '" + name + "'", token.position());
      }
      SortOrder order = SortOrder.Asc;
      if (acceptKeyword("DESC")) {
        order = SortOrder.Desc;
      } else {
        acceptKeyword("ASC");
      }
      SortOrder direction = order;
      sort.add(SortOptions.of(s -> s.field(f -> f.field(name).order(direction))));
    } while (accept(Kind.COMMA));
    return sort;
  }

  /** Reads an attribute name (bare or back-quoted). */
  private String attributeName() throws InvalidQueryException {
    Token token = current();
    boolean name = token.kind() == Kind.QUOTED_NAME
        || (token.kind() == Kind.WORD && !RESERVED.contains(token.text().toUpperCase()));
    if (!name) {
      throw unexpected("a search attribute name");
    }
    index++;
    return token.text();
  }

  private IndexedValueType attributeType(Token name) throws InvalidQueryException {
    Optional<IndexedValueType> type = attributes.apply(name.text());
    if (type == null || type.isEmpty()) {
      throw new InvalidQueryException("unknown search attribute '" + name.text() + "'", name.position());
    }
    if (!SUPPORTED_TYPES.contains(type.get())) {
      throw new InvalidQueryException(
          "search attribute '" + name.text() + "' has an unsupported type " + type.get(), name.position());
    }
    return type.get();
  }

  private boolean atClause(String keyword) {
    return current().isKeyword(keyword) && tokens.get(index + 1).isKeyword("BY");
  }

  private Token current() {
    return tokens.get(index);
  }

  private boolean accept(Kind kind) {
    if (current().kind() == kind) {
      index++;
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (current().isKeyword(keyword)) {
      index++;
      return true;
    }
    return false;
  }

  private void expect(Kind kind, String expected) throws InvalidQueryException {
    if (!accept(kind)) {
      throw unexpected(expected);
    }
  }

  private void expectKeyword(String keyword) throws InvalidQueryException {
    if (!acceptKeyword(keyword)) {
      throw unexpected(keyword);
    }
  }

  private InvalidQueryException unexpected(String expected) {
    Token token = current();
    return new InvalidQueryException("expected " + expected + " but found " + token.describe(), token.position());
  }
}
