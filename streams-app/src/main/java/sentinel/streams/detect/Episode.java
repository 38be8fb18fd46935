package sentinel.streams.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * One open alert episode of a subject: raised once, extended while the signal persists, closed
 * after a quiet period. This is what keeps alerts to one per episode instead of one per message.
 */
public record Episode(String alertId, String type, Instant firstSeen, Instant lastSeen) {
  public boolean endedBy(Instant now, Duration quiet) {
    return lastSeen.plus(quiet).isBefore(now);
  }

  public Episode seenAt(Instant now) {
    return now.isAfter(lastSeen) ? new Episode(alertId, type, firstSeen, now) : this;
  }
}
