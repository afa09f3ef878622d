package dev.conduit.visibility.query;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.EnumSet;
import java.util.Set;

/** The predicates of the visibility query language, and which attribute types support them. */
enum Operator {
  EQUAL("="),
  NOT_EQUAL("!="),
  LESS("<"),
  LESS_OR_EQUAL("<="),
  GREATER(">"),
  GREATER_OR_EQUAL(">="),
  BETWEEN("BETWEEN"),
  NOT_BETWEEN("NOT BETWEEN"),
  IN("IN"),
  NOT_IN("NOT IN"),
  STARTS_WITH("STARTS_WITH"),
  NOT_STARTS_WITH("NOT STARTS_WITH"),
  IS_NULL("IS NULL"),
  IS_NOT_NULL("IS NOT NULL");

  private static final Set<Operator> EQUALITY = EnumSet.of(EQUAL, NOT_EQUAL, IS_NULL, IS_NOT_NULL);
  private static final Set<Operator> SET_MEMBERSHIP = union(EQUALITY, EnumSet.of(IN, NOT_IN));
  private static final Set<Operator> ORDERED =
      union(SET_MEMBERSHIP, EnumSet.of(LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, BETWEEN, NOT_BETWEEN));
  private static final Set<Operator> ALL = EnumSet.allOf(Operator.class);

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in queries and error messages. */
  String symbol() {
    return symbol;
  }

  /** Whether this operator applies to attribute {@code name} of type {@code type}. */
  boolean appliesTo(String name, IndexedValueType type) {
    if (name.equals("ExecutionStatus")) {
      return SET_MEMBERSHIP.contains(this);
    }
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> ALL.contains(this);
      case INDEXED_VALUE_TYPE_KEYWORD_LIST, INDEXED_VALUE_TYPE_BOOL -> SET_MEMBERSHIP.contains(this);
      case INDEXED_VALUE_TYPE_INT, INDEXED_VALUE_TYPE_DOUBLE, INDEXED_VALUE_TYPE_DATETIME -> ORDERED.contains(this);
      case INDEXED_VALUE_TYPE_TEXT -> EQUALITY.contains(this);
      default -> false;
    };
  }

  private static Set<Operator> union(Set<Operator> a, Set<Operator> b) {
    Set<Operator> union = EnumSet.copyOf(a);
    union.addAll(b);
    return union;
  }
}
