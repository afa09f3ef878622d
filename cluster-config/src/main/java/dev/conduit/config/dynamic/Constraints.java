package dev.conduit.config.dynamic;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a dynamic config value applies: to a namespace, a task queue name, a task type, or a mix. In a
 * file it narrows a value; in a lookup it describes the caller, and the most specific value whose
 * constraints the caller matches wins (see {@link DynamicScope}).
 */
public record Constraints(
    Optional<String> namespace, Optional<String> taskQueueName, Optional<TaskType> taskType) {

  /** No constraints: the value for everyone, and the lookup of a global setting. */
  public static final Constraints NONE =
      new Constraints(Optional.empty(), Optional.empty(), Optional.empty());

  public Constraints {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(taskQueueName, "taskQueueName");
    Objects.requireNonNull(taskType, "taskType");
  }

  public static Constraints namespace(String namespace) {
    return new Constraints(Optional.of(namespace), Optional.empty(), Optional.empty());
  }

  public static Constraints taskQueue(String namespace, String taskQueueName, TaskType taskType) {
    return new Constraints(Optional.of(namespace), Optional.of(taskQueueName), Optional.of(taskType));
  }

  /** The constraint names that can appear in a file, spelled as Temporal spells them. */
  public enum Field {
    NAMESPACE("namespace"),
    TASK_QUEUE_NAME("taskQueueName"),
    TASK_TYPE("taskType");

    private final String configName;

    Field(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** Which fields are set. */
  public Set<Field> fields() {
    Set<Field> fields = EnumSet.noneOf(Field.class);
    namespace.ifPresent(n -> fields.add(Field.NAMESPACE));
    taskQueueName.ifPresent(t -> fields.add(Field.TASK_QUEUE_NAME));
    taskType.ifPresent(t -> fields.add(Field.TASK_TYPE));
    return fields;
  }

  /** These constraints cut down to exactly {@code shape}, or empty if one of its fields is unset. */
  Optional<Constraints> restrictTo(Set<Field> shape) {
    if (!fields().containsAll(shape)) {
      return Optional.empty();
    }
    return Optional.of(new Constraints(
        shape.contains(Field.NAMESPACE) ? namespace : Optional.empty(),
        shape.contains(Field.TASK_QUEUE_NAME) ? taskQueueName : Optional.empty(),
        shape.contains(Field.TASK_TYPE) ? taskType : Optional.empty()));
  }

  /** Written as in the file, e.g. {@code {namespace: samples, taskQueueName: hello}}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    namespace.ifPresent(n -> parts.add("namespace: " + n));
    taskQueueName.ifPresent(t -> parts.add("taskQueueName: " + t));
    taskType.ifPresent(t -> parts.add("taskType: " + t.configName()));
    return "{" + String.join(", ", parts) + "}";
  }
}
