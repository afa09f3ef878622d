package dev.conduit.config.dynamic;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kind of task a task queue holds, as written in a {@code taskType} constraint. */
public enum TaskType {
  WORKFLOW("Workflow"),
  ACTIVITY("Activity"),
  NEXUS("Nexus");

  private final String configName;

  TaskType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /**
   * Reads {@code Workflow}, {@code Activity} or {@code Nexus} in any case, or the API enum's name
   * ({@code TASK_QUEUE_TYPE_WORKFLOW}), both of which Temporal's files use.
   */
  public static Optional<TaskType> fromConfigName(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT).replaceFirst("^TASK_QUEUE_TYPE_", "");
    return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
  }
}
