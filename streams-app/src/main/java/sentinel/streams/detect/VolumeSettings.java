package sentinel.streams.detect;

import java.time.Duration;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Thresholds of {@link VolumeSpikeDetector} and of the learned {@link Baseline} (keys in parentheses).
 *
 * @param ceilingMessages10m messages in 10 min that are a spike for an account without enough
 *     history ({@code detection.volume.messages.10m}, default 100: six times a busy office user's rate)
 * @param ceilingRecipients10m likewise for recipients ({@code detection.volume.recipients.10m}, default 500)
 * @param ceilingMessages60m messages in 60 min for an account without history ({@code
 *     detection.volume.messages.60m}, default 300: catches a slower burst the 10-min ceiling misses)
 * @param ceilingRecipients60m likewise for recipients ({@code detection.volume.recipients.60m}, default 1500)
 * @param factor how many normal busy hours' worth of mail in a 10-min or 60-min span is a spike
 *     ({@code detection.volume.factor}, default 4: a legitimate mailing rarely exceeds 2-3 busy hours)
 * @param slackMessages10m messages added to the learned 10-min threshold so that accounts sending one
 *     message an hour may still send a small batch ({@code detection.volume.slack.messages.10m}, default 30)
 * @param slackRecipients10m likewise for recipients ({@code detection.volume.slack.recipients.10m}, default 150)
 * @param slackMessages60m messages added to the learned 60-min threshold ({@code
 *     detection.volume.slack.messages.60m}, default 60)
 * @param slackRecipients60m likewise for recipients ({@code detection.volume.slack.recipients.60m}, default 300)
 * @param minHistoryHours active hours learned before the baseline replaces the ceilings ({@code
 *     detection.volume.min.history.hours}, default 8: about one working day)
 * @param alpha EWMA weight of each new active hour ({@code detection.volume.alpha}, default 0.05: about
 *     20 active hours, i.e. a few days, of memory)
 * @param learnCap a finished hour enters the typical (EWMA) figure at most this many times the reference, so one
 *     spike does not teach it ({@code detection.volume.learn.cap}, default 3)
 * @param peakLearnCap a finished hour enters the remembered peak at most this many times the reference
 *     ({@code detection.volume.peak.learn.cap}, default 50: a newsletter to the whole customer list is
 *     learned, a runaway beyond that is not; hours judged COMPROMISED are never learned)
 * @param learnFloorMessages the reference used for the cap when nothing has been learned ({@code
 *     detection.volume.learn.floor.messages}, default 20)
 * @param learnFloorRecipients likewise for recipients ({@code detection.volume.learn.floor.recipients}, default 100)
 * @param peakHalfLife how fast the remembered peak hour fades ({@code detection.volume.peak.half.life},
 *     default 45d: a monthly newsletter is still known a month later, at about 60 % of its size)
 */
public record VolumeSettings(
    int ceilingMessages10m, int ceilingRecipients10m, int ceilingMessages60m, int ceilingRecipients60m,
    double factor, int slackMessages10m, int slackRecipients10m, int slackMessages60m, int slackRecipients60m,
    int minHistoryHours, double alpha, double learnCap, double peakLearnCap, double learnFloorMessages, double learnFloorRecipients, Duration peakHalfLife) {

  public VolumeSettings {
    ConfigException.require(ceilingMessages10m > 0, "detection.volume.messages.10m must be > 0, was " + ceilingMessages10m);
    ConfigException.require(ceilingRecipients10m > 0, "detection.volume.recipients.10m must be > 0, was " + ceilingRecipients10m);
    ConfigException.require(ceilingMessages60m >= ceilingMessages10m, "detection.volume.messages.60m must be >= detection.volume.messages.10m");
    ConfigException.require(ceilingRecipients60m >= ceilingRecipients10m,
        "detection.volume.recipients.60m must be >= detection.volume.recipients.10m");
    ConfigException.require(factor > 1, "detection.volume.factor must be > 1, was " + factor);
    ConfigException.require(slackMessages10m >= 0 && slackRecipients10m >= 0 && slackMessages60m >= 0 && slackRecipients60m >= 0,
        "detection.volume.slack.* must be >= 0");
    ConfigException.require(minHistoryHours >= 1, "detection.volume.min.history.hours must be >= 1, was " + minHistoryHours);
    ConfigException.require(alpha > 0 && alpha <= 1, "detection.volume.alpha must be in (0, 1], was " + alpha);
    ConfigException.require(learnCap >= 1, "detection.volume.learn.cap must be >= 1, was " + learnCap);
    ConfigException.require(peakLearnCap >= learnCap, "detection.volume.peak.learn.cap must be >= detection.volume.learn.cap, was " + peakLearnCap);
    ConfigException.require(learnFloorMessages > 0 && learnFloorRecipients > 0, "detection.volume.learn.floor.* must be > 0");
    ConfigException.require(peakHalfLife.toHours() >= 1, "detection.volume.peak.half.life must be at least 1h");
  }

  public static VolumeSettings from(ConfigSource c) {
    int m10 = c.integer("detection.volume.messages.10m", 100);
    int r10 = c.integer("detection.volume.recipients.10m", 500);
    return new VolumeSettings(m10, r10,
        c.integer("detection.volume.messages.60m", Math.max(300, m10)),
        c.integer("detection.volume.recipients.60m", Math.max(1500, r10)),
        c.decimal("detection.volume.factor", 4),
        c.integer("detection.volume.slack.messages.10m", 30),
        c.integer("detection.volume.slack.recipients.10m", 150),
        c.integer("detection.volume.slack.messages.60m", 60),
        c.integer("detection.volume.slack.recipients.60m", 300),
        c.integer("detection.volume.min.history.hours", 8),
        c.decimal("detection.volume.alpha", 0.05),
        c.decimal("detection.volume.learn.cap", 3),
        c.decimal("detection.volume.peak.learn.cap", 50),
        c.decimal("detection.volume.learn.floor.messages", 20),
        c.decimal("detection.volume.learn.floor.recipients", 100),
        c.duration("detection.volume.peak.half.life", Duration.ofDays(45)));
  }
}
