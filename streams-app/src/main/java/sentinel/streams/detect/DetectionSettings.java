package sentinel.streams.detect;

import java.time.Duration;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Every detection threshold, grouped by detector; each group documents its keys and defaults.
 * Defaults are chosen for a shared-hosting customer: a person sends tens of messages an hour, a
 * leaked password hundreds.
 *
 * @param episodeQuiet how long a verdict must stay silent before its episode ends and a new alert may
 *     be raised ({@code detection.episode.quiet}, default 30m)
 * @param trackedClientIps how many distinct client IPs an account's state keeps ({@code
 *     detection.state.client.ips}, default 16; bounds per-account state)
 */
public record DetectionSettings(
    VolumeSettings volume,
    GeoSignalSettings geo,
    SourceIpSettings sourceIp,
    BounceSettings bounce,
    VerdictSettings verdict,
    Duration episodeQuiet,
    int trackedClientIps) {

  public DetectionSettings {
    ConfigException.require(!episodeQuiet.isNegative() && !episodeQuiet.isZero(), "detection.episode.quiet must be > 0");
    ConfigException.require(trackedClientIps >= geo.manyClientIps(), "detection.state.client.ips must be >= detection.compromise.client.ips");
  }

  public static DetectionSettings from(ConfigSource c) {
    return new DetectionSettings(
        VolumeSettings.from(c),
        GeoSignalSettings.from(c),
        SourceIpSettings.from(c),
        BounceSettings.from(c),
        VerdictSettings.from(c),
        c.duration("detection.episode.quiet", Duration.ofMinutes(30)),
        c.integer("detection.state.client.ips", 16));
  }
}
