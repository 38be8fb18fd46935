package sentinel.streams.detect;

import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Thresholds of {@link BounceStormDetector} and {@link BackscatterDetector}.
 *
 * @param minRecipients1h recipients in an hour below which no bounce share is judged ({@code
 *     detection.bounce.min.recipients.1h}, default 40: 3 bounces of 5 mean nothing)
 * @param share bounced share of recipients in an hour that is a storm ({@code detection.bounce.share},
 *     default 0.25: a maintained list bounces under 5 %, a bought or guessed one 30 % and more)
 * @param policyShare share of the bounces with a 5.7.x (policy/blocklist) status above which the alert
 *     says the server is being blocklisted ({@code detection.bounce.policy.share}, default 0.3)
 * @param backscatterMin1h bounces delivered to one mailbox in an hour that are a flood ({@code
 *     detection.backscatter.min.1h}, default 30: a person gets a handful of bounces a day)
 * @param growthFactor outbound messages in the hour above this many times the account's normal busy
 *     hour (plus {@code growthSlack}) count as outbound growth ({@code detection.backscatter.growth.factor},
 *     default 2)
 * @param growthSlack messages added to that ({@code detection.backscatter.growth.slack}, default 20)
 */
public record BounceSettings(int minRecipients1h, double share, double policyShare, int backscatterMin1h, double growthFactor, int growthSlack) {
  public BounceSettings {
    ConfigException.require(minRecipients1h > 0, "detection.bounce.min.recipients.1h must be > 0, was " + minRecipients1h);
    ConfigException.require(share > 0 && share <= 1, "detection.bounce.share must be in (0, 1], was " + share);
    ConfigException.require(policyShare > 0 && policyShare <= 1, "detection.bounce.policy.share must be in (0, 1], was " + policyShare);
    ConfigException.require(backscatterMin1h > 0, "detection.backscatter.min.1h must be > 0, was " + backscatterMin1h);
    ConfigException.require(growthFactor >= 1, "detection.backscatter.growth.factor must be >= 1, was " + growthFactor);
    ConfigException.require(growthSlack >= 0, "detection.backscatter.growth.slack must be >= 0, was " + growthSlack);
  }

  public static BounceSettings from(ConfigSource c) {
    return new BounceSettings(
        c.integer("detection.bounce.min.recipients.1h", 40),
        c.decimal("detection.bounce.share", 0.25),
        c.decimal("detection.bounce.policy.share", 0.3),
        c.integer("detection.backscatter.min.1h", 30),
        c.decimal("detection.backscatter.growth.factor", 2),
        c.integer("detection.backscatter.growth.slack", 20));
  }
}
