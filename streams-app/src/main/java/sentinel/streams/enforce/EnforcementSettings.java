package sentinel.streams.enforce;

import java.time.Duration;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;
import sentinel.common.contract.Action;

/**
 * What the monitor asks the MTA to do per verdict.
 *
 * @param compromisedAction for COMPROMISED ({@code enforcement.compromised.action}, default HOLD:
 *     mail is kept, nothing lost, and no more spam leaves)
 * @param suspiciousAction for other account alerts ({@code enforcement.suspicious.action}, default
 *     THROTTLE)
 * @param throttlePerHour recipients per hour under THROTTLE ({@code enforcement.throttle.per.hour},
 *     default 100)
 * @param throttleFor how long a detector THROTTLE lasts ({@code enforcement.throttle.duration},
 *     default 6h); a detector HOLD lasts until an operator releases it
 */
public record EnforcementSettings(Action compromisedAction, Action suspiciousAction, int throttlePerHour, Duration throttleFor) {
  public EnforcementSettings {
    ConfigException.require(throttlePerHour > 0, "enforcement.throttle.per.hour must be > 0, was " + throttlePerHour);
  }

  public static EnforcementSettings from(ConfigSource c) {
    return new EnforcementSettings(
        action(c, "enforcement.compromised.action", Action.HOLD),
        action(c, "enforcement.suspicious.action", Action.THROTTLE),
        c.integer("enforcement.throttle.per.hour", 100),
        c.duration("enforcement.throttle.duration", Duration.ofHours(6)));
  }

  private static Action action(ConfigSource c, String key, Action dflt) {
    String v = c.string(key, dflt.name());
    try {
      return Action.valueOf(v.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be one of NONE, THROTTLE, HOLD, was '" + v + "'");
    }
  }
}
