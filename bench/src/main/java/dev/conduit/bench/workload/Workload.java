package dev.conduit.bench.workload;

/**
 * What a benchmark workflow must return, computed without a server: the harness compares every result
 * with it, and a workflow that returns anything else is an error.
 */
public final class Workload {
  private Workload() {}

  static String greeting(String name) {
    return "Hello " + name;
  }

  static String step(String value, int index) {
    return value + "|" + index;
  }

  /** The result of {@code BenchWorkflow.run(name, activities)}. */
  public static String expected(String name, int activities) {
    String value = greeting(name);
    for (int i = 1; i <= activities; i++) {
      value = step(value, i);
    }
    return value;
  }
}
