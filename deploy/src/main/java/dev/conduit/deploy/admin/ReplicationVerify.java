package dev.conduit.deploy.admin;

import dev.conduit.proto.admin.v1.ListRunsResponse;
import dev.conduit.proto.admin.v1.RunInfo;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code conduit admin replication verify}: compares one namespace's runs on two clusters. Each cluster lists the
 * runs it stores (open, and closed within retention) with their event count, last write version and status; a run
 * one side lacks, or whose figures differ, is a difference. Runs whose figures agree have their histories compared
 * event by event (id, version, type, and the whole event) up to {@code maxHistories} runs, each side read from its
 * own copy. Open runs may differ for a moment while replication catches up: run it again to tell lag from loss.
 */
public final class ReplicationVerify {
  /** One difference, on run {@code workflowId}/{@code runId}. */
  public record Difference(String workflowId, String runId, String what) {}

  /** What was compared and what differs. */
  public record Report(String first, String second, String namespace, int runs, int historiesCompared,
      List<Difference> differences, boolean truncated) {
    public boolean identical() {
      return differences.isEmpty() && !truncated;
    }
  }

  private ReplicationVerify() {}

  public static Report verify(AdminClient first, AdminClient second, String namespace, int maxHistories) {
    ListRunsResponse a = first.listRuns(namespace);
    ListRunsResponse b = second.listRuns(namespace);
    Map<String, RunInfo> left = byRun(a);
    Map<String, RunInfo> right = byRun(b);
    TreeSet<String> all = new TreeSet<>(left.keySet());
    all.addAll(right.keySet());
    List<Difference> differences = new ArrayList<>();
    if (!a.getNamespaceId().equals(b.getNamespaceId())) {
      differences.add(new Difference("", "", "the namespace has id " + a.getNamespaceId() + " on " + a.getCluster()
          + " but " + b.getNamespaceId() + " on " + b.getCluster()));
    }
    int histories = 0;
    for (String key : all) {
      RunInfo l = left.get(key);
      RunInfo r = right.get(key);
      RunInfo any = l != null ? l : r;
      if (l == null || r == null) {
        differences.add(new Difference(any.getWorkflowId(), any.getRunId(), "missing on " + (l == null ? a.getCluster() : b.getCluster())
            + " (" + (any.getNextEventId() - 1) + " events on the other)"));
        continue;
      }
      String figures = figures(a.getCluster(), l, b.getCluster(), r);
      if (figures != null) {
        differences.add(new Difference(l.getWorkflowId(), l.getRunId(), figures));
        continue;
      }
      if (histories < maxHistories) {
        histories++;
        String events = events(a.getCluster(), first.history(namespace, l.getWorkflowId(), l.getRunId()),
            b.getCluster(), second.history(namespace, r.getWorkflowId(), r.getRunId()));
        if (events != null) {
          differences.add(new Difference(l.getWorkflowId(), l.getRunId(), events));
        }
      }
    }
    return new Report(a.getCluster(), b.getCluster(), namespace, all.size(), histories, differences,
        a.getTruncated() || b.getTruncated());
  }

  private static Map<String, RunInfo> byRun(ListRunsResponse response) {
    Map<String, RunInfo> runs = new LinkedHashMap<>();
    for (RunInfo run : response.getRunsList()) {
      runs.put(run.getWorkflowId() + "/" + run.getRunId(), run);
    }
    return runs;
  }

  private static String figures(String a, RunInfo l, String b, RunInfo r) {
    List<String> what = new ArrayList<>();
    if (l.getNextEventId() != r.getNextEventId()) {
      what.add((l.getNextEventId() - 1) + " events on " + a + ", " + (r.getNextEventId() - 1) + " on " + b);
    }
    if (l.getLastWriteVersion() != r.getLastWriteVersion()) {
      what.add("last write version " + l.getLastWriteVersion() + " on " + a + ", " + r.getLastWriteVersion() + " on " + b);
    }
    if (l.getStatus() != r.getStatus() || !l.getState().equals(r.getState())) {
      what.add(l.getState() + " (status " + l.getStatus() + ") on " + a + ", " + r.getState() + " (status "
          + r.getStatus() + ") on " + b);
    }
    return what.isEmpty() ? null : String.join("; ", what);
  }

  private static String events(String a, List<HistoryEvent> l, String b, List<HistoryEvent> r) {
    int common = Math.min(l.size(), r.size());
    for (int i = 0; i < common; i++) {
      HistoryEvent x = l.get(i);
      HistoryEvent y = r.get(i);
      if (x.getEventId() != y.getEventId() || x.getVersion() != y.getVersion() || x.getEventType() != y.getEventType()) {
        return "event " + (i + 1) + ": " + describe(x) + " on " + a + ", " + describe(y) + " on " + b;
      }
      if (!Objects.equals(x, y)) {
        return "event " + x.getEventId() + " (" + x.getEventType() + ") has other contents on " + a + " than on " + b;
      }
    }
    if (l.size() != r.size()) {
      return "history of " + l.size() + " events on " + a + ", " + r.size() + " on " + b;
    }
    return null;
  }

  private static String describe(HistoryEvent event) {
    return "#" + event.getEventId() + " " + event.getEventType() + " version " + event.getVersion();
  }
}
