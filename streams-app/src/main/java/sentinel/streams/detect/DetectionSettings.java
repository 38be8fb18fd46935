package sentinel.streams.detect;

import java.time.Duration;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Every detection threshold, named and configurable (keys in parentheses). Defaults are chosen for
 * a shared-hosting customer: a person sends tens of messages an hour, a leaked password hundreds.
 *
 * @param messagesCeiling10m messages in 10 min above which an account without history is a volume
 *     spike ({@code detection.volume.messages.10m}, default 100: six times a busy office user's rate)
 * @param recipientsCeiling10m recipients in 10 min likewise ({@code detection.volume.recipients.10m},
 *     default 500)
 * @param compromiseMinClientIps distinct client IPs in 10 min that, together with a volume spike,
 *     make the verdict COMPROMISED ({@code detection.compromise.client.ips}, default 5: a person uses
 *     one to three devices; a botnet many)
 * @param bruteForceFailures10m failed logins from one IP in 10 min that count as brute force
 *     ({@code detection.bruteforce.failures.10m}, default 10)
 * @param episodeQuiet how long a signal must stay silent before its episode ends and a new alert may
 *     be raised ({@code detection.episode.quiet}, default 30m)
 * @param trackedClientIps how many distinct client IPs an account's state keeps ({@code
 *     detection.state.client.ips}, default 32; bounds per-account state)
 */
public record DetectionSettings(
    int messagesCeiling10m,
    int recipientsCeiling10m,
    int compromiseMinClientIps,
    int bruteForceFailures10m,
    Duration episodeQuiet,
    int trackedClientIps) {

  public DetectionSettings {
    ConfigException.require(messagesCeiling10m > 0, "detection.volume.messages.10m must be > 0, was " + messagesCeiling10m);
    ConfigException.require(recipientsCeiling10m > 0, "detection.volume.recipients.10m must be > 0, was " + recipientsCeiling10m);
    ConfigException.require(compromiseMinClientIps > 1, "detection.compromise.client.ips must be > 1, was " + compromiseMinClientIps);
    ConfigException.require(bruteForceFailures10m > 0, "detection.bruteforce.failures.10m must be > 0, was " + bruteForceFailures10m);
    ConfigException.require(!episodeQuiet.isNegative() && !episodeQuiet.isZero(), "detection.episode.quiet must be > 0");
    ConfigException.require(trackedClientIps >= compromiseMinClientIps,
        "detection.state.client.ips must be >= detection.compromise.client.ips");
  }

  public static DetectionSettings from(ConfigSource c) {
    return new DetectionSettings(
        c.integer("detection.volume.messages.10m", 100),
        c.integer("detection.volume.recipients.10m", 500),
        c.integer("detection.compromise.client.ips", 5),
        c.integer("detection.bruteforce.failures.10m", 10),
        c.duration("detection.episode.quiet", Duration.ofMinutes(30)),
        c.integer("detection.state.client.ips", 32));
  }
}
