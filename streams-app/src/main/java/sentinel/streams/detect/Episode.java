package sentinel.streams.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * One open alert episode of a subject: raised once, extended while the signal persists, closed
 * after a quiet period. This is what keeps alerts to one per episode instead of one per message.
 * (The alert's id is the subject, the type and the first-seen minute, so it is not stored again.)
 */
public record Episode(String type, Instant firstSeen, Instant lastSeen) {
  public boolean endedBy(Instant now, Duration quiet) {
    return lastSeen.plus(quiet).isBefore(now);
  }

  public Episode seenAt(Instant now) {
    return now.isAfter(lastSeen) ? new Episode(type, firstSeen, now) : this;
  }
}
