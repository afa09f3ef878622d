package dev.conduit.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * State shared by every {@link Section} of one file being read: the error list, the environment for
 * {@code ${...}} references, and every mapping visited, so unknown keys can be reported once the
 * parsers have declared (by reading them) all the keys they know.
 */
public final class ReadContext {

  private final Errors errors;
  private final EnvSubstitution environment;
  private final List<Section> sections = new ArrayList<>();

  public ReadContext(Errors errors, EnvSubstitution environment) {
    this.errors = errors;
    this.environment = environment;
  }

  /** The top-level mapping; anything else is an error and reads as an empty mapping. */
  public Section root(JsonNode document) {
    if (document instanceof ObjectNode mapping) {
      return newSection("", mapping);
    }
    String found = document == null || document.isMissingNode() || document.isNull()
        ? "an empty file" : Scalars.kind(document);
    errors.add("", "the config must be a YAML mapping of sections, but found " + found);
    return newSection("", JsonNodeFactory.instance.objectNode());
  }

  public Errors errors() {
    return errors;
  }

  EnvSubstitution environment() {
    return environment;
  }

  Section newSection(String path, ObjectNode node) {
    Section section = new Section(this, path, node);
    sections.add(section);
    return section;
  }

  /** Reports every key that no parser read, with a suggestion when it is a near miss of a known key. */
  public void reportUnknownKeys() {
    for (Section section : sections) {
      Set<String> known = section.keysRead();
      section.node().fieldNames().forEachRemaining(key -> {
        if (!known.contains(key)) {
          errors.add(section.path(key), "unknown key" + suggestion(key, known));
        }
      });
    }
  }

  private static String suggestion(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(key.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null && bestDistance <= Math.max(1, best.length() / 4)) {
      return "; did you mean '" + best + "'?";
    }
    return known.isEmpty() ? "" : "; expected one of " + String.join(", ", known);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
