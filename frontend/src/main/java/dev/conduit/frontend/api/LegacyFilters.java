package dev.conduit.frontend.api;

import io.temporal.api.filter.v1.StartTimeFilter;
import java.time.Instant;

/** The filters of the list calls that came before visibility queries, written as a visibility query. */
final class LegacyFilters {
  private LegacyFilters() {}

  /** {@code base} and each given filter, joined with AND; {@code timeField} is what the time range bounds. */
  static String query(String base, StartTimeFilter time, String timeField, String workflowId, String workflowType) {
    StringBuilder query = new StringBuilder(base);
    if (time != null && time.hasEarliestTime()) {
      query.append(" AND ").append(timeField).append(" >= '").append(instant(time.getEarliestTime())).append("'");
    }
    if (time != null && time.hasLatestTime()) {
      query.append(" AND ").append(timeField).append(" <= '").append(instant(time.getLatestTime())).append("'");
    }
    if (!workflowId.isEmpty()) {
      query.append(" AND WorkflowId = ").append(quoted(workflowId));
    }
    if (!workflowType.isEmpty()) {
      query.append(" AND WorkflowType = ").append(quoted(workflowType));
    }
    return query.toString();
  }

  private static Instant instant(com.google.protobuf.Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static String quoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
