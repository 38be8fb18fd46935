package sentinel.streams.detect;

import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * How signal scores add up to one verdict per account ({@link VerdictCombiner}). Each signal scores
 * 1 (corroborating only: one new country, many client IPs, bounces coming back) or 2 (suspicious on
 * its own: a volume spike, a bounce storm, two new countries, a login after a password-guessing run).
 *
 * @param suspiciousScore score from which an account is SUSPICIOUS ({@code detection.verdict.suspicious.score}, default 2)
 * @param compromisedScore score from which it is COMPROMISED ({@code detection.verdict.compromised.score},
 *     default 3: one strong signal plus one that corroborates it)
 */
public record VerdictSettings(int suspiciousScore, int compromisedScore) {
  public VerdictSettings {
    ConfigException.require(suspiciousScore >= 1, "detection.verdict.suspicious.score must be >= 1, was " + suspiciousScore);
    ConfigException.require(compromisedScore > suspiciousScore,
        "detection.verdict.compromised.score must be > detection.verdict.suspicious.score, was " + compromisedScore);
  }

  public static VerdictSettings from(ConfigSource c) {
    return new VerdictSettings(c.integer("detection.verdict.suspicious.score", 2), c.integer("detection.verdict.compromised.score", 3));
  }
}
