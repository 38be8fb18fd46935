package sentinel.streams.correlate;

import java.time.Duration;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * How long correlation state lives.
 *
 * @param removedGrace how long a removed message's entry stays for lines that arrive a little late
 * @param maxAge how long any entry may live: longer than the MTA's maximal queue lifetime (Postfix
 *     default 5 days), so deferred mail that finally bounces is still tied to its sender
 * @param positionMaxAge how long a file's last shipped offset is remembered for de-duplication
 */
public record CorrelationSettings(Duration removedGrace, Duration maxAge, Duration positionMaxAge) {
  public CorrelationSettings {
    ConfigException.require(!removedGrace.isNegative(), "correlation.removed.grace must be >= 0, was " + removedGrace);
    ConfigException.require(maxAge.compareTo(removedGrace) > 0, "correlation.max.age must exceed correlation.removed.grace");
  }

  public static CorrelationSettings from(ConfigSource c) {
    return new CorrelationSettings(
        c.duration("correlation.removed.grace", Duration.ofMinutes(2)),
        c.duration("correlation.max.age", Duration.ofDays(6)),
        c.duration("correlation.position.max.age", Duration.ofDays(3)));
  }
}
