package dev.conduit.config.dynamic;

import dev.conduit.config.dynamic.Constraints.Field;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a dynamic setting can vary by, and the order in which constraint sets are tried when looking a
 * value up, most specific first. The orders are Temporal's: for task queue settings
 * {namespace, taskQueueName, taskType} > {namespace, taskQueueName} > {taskQueueName} > {namespace} >
 * {}; a task-queue-name-only value thus beats a namespace-wide one.
 */
public enum DynamicScope {
  /** One value for the whole cluster. */
  GLOBAL(List.of(EnumSet.noneOf(Field.class))),
  /** A value per namespace, falling back to the unconstrained one. */
  NAMESPACE(List.of(EnumSet.of(Field.NAMESPACE), EnumSet.noneOf(Field.class))),
  /** A value per task queue (and task type), falling back as listed above. */
  TASK_QUEUE(List.of(
      EnumSet.of(Field.NAMESPACE, Field.TASK_QUEUE_NAME, Field.TASK_TYPE),
      EnumSet.of(Field.NAMESPACE, Field.TASK_QUEUE_NAME),
      EnumSet.of(Field.TASK_QUEUE_NAME),
      EnumSet.of(Field.NAMESPACE),
      EnumSet.noneOf(Field.class)));

  private final List<Set<Field>> precedence;

  DynamicScope(List<Set<Field>> precedence) {
    this.precedence = precedence;
  }

  /** The constraint sets to try for a caller described by {@code query}, most specific first. */
  public List<Constraints> candidates(Constraints query) {
    return precedence.stream().map(query::restrictTo).flatMap(Optional::stream).toList();
  }

  /** True if a file value with these constraints can ever be chosen for a setting of this scope. */
  public boolean accepts(Constraints constraints) {
    return precedence.contains(constraints.fields());
  }

  /** The accepted constraint sets, for error messages, e.g. {@code {namespace}, {}}. */
  public String describe() {
    return precedence.stream()
        .map(shape -> shape.stream().map(Field::configName).collect(Collectors.joining(", ", "{", "}")))
        .collect(Collectors.joining(", "));
  }
}
