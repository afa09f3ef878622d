package dev.conduit.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conduit.config.internal.Errors;
import dev.conduit.config.internal.Scalars;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads the {@code constraints} mapping of one dynamic config entry; names are not case-sensitive. */
final class ConstraintsReader {

  private ConstraintsReader() {}

  /** The constraints (NONE when absent or {@code {}}), or empty after reporting an error. */
  static Optional<Constraints> read(String path, JsonNode node, Errors errors) {
    if (node == null || node.isNull()) {
      return Optional.of(Constraints.NONE);
    }
    if (!(node instanceof ObjectNode mapping)) {
      errors.add(path, "expected a mapping of constraint names to values, but found " + Scalars.kind(node));
      return Optional.empty();
    }
    Optional<String> namespace = Optional.empty();
    Optional<String> taskQueueName = Optional.empty();
    Optional<TaskType> taskType = Optional.empty();
    boolean ok = true;
    for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
      String fieldPath = path + "." + entry.getKey();
      JsonNode value = entry.getValue();
      if (!value.isTextual() || value.textValue().isEmpty()) {
        errors.add(fieldPath, "expected a non-empty string but found "
            + (value.isTextual() ? "an empty one" : Scalars.kind(value)));
        ok = false;
        continue;
      }
      String text = value.textValue();
      switch (entry.getKey().toLowerCase(Locale.ROOT)) {
        case "namespace" -> namespace = Optional.of(text);
        case "taskqueuename" -> taskQueueName = Optional.of(text);
        case "tasktype" -> {
          taskType = TaskType.fromConfigName(text);
          if (taskType.isEmpty()) {
            errors.add(fieldPath, "'" + text + "' is not one of " + Arrays.stream(TaskType.values())
                .map(TaskType::configName).collect(Collectors.joining(", ")));
            ok = false;
          }
        }
        default -> {
          errors.add(fieldPath, "unknown constraint; use namespace, taskQueueName or taskType");
          ok = false;
        }
      }
    }
    return ok ? Optional.of(new Constraints(namespace, taskQueueName, taskType)) : Optional.empty();
  }
}
