package sentinel.hook.decision;

import java.time.Duration;
import java.time.Instant;

/** Whether the in-memory decisions can be trusted: see README "Fail-open". */
public interface FeedHealth {
  /** How long ago the feed last confirmed it had read everything the broker holds. */
  Duration age(Instant now);

  /** True when {@link #age} exceeds the configured maximum (or the feed never caught up). */
  boolean stale(Instant now);
}
