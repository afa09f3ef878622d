package dev.conduit.matching.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers that polled one task queue lately, by identity, with the time of each one's last poll: what
 * DescribeTaskQueue reports. A worker that has not polled for {@link #TTL} is forgotten (Temporal keeps five minutes).
 */
public final class RecentPollers {
  public static final Duration TTL = Duration.ofMinutes(5);

  /** One worker and when it last polled. */
  public record Seen(String identity, Instant lastAccess) {}

  private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();

  public void polled(String identity, Instant now) {
    lastPoll.put(identity, now);
  }

  /** The workers seen within {@link #TTL} of {@code now}, most recent first; older ones are dropped. */
  public List<Seen> seen(Instant now) {
    Instant oldest = now.minus(TTL);
    lastPoll.entrySet().removeIf(entry -> entry.getValue().isBefore(oldest));
    return lastPoll.entrySet().stream().map(entry -> new Seen(entry.getKey(), entry.getValue()))
        .sorted(Comparator.comparing(Seen::lastAccess).reversed()).toList();
  }
}
