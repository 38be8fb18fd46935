package sentinel.streams.detect;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Thresholds of {@link LoginGeographyDetector} and {@link ClientIpSpreadDetector}.
 *
 * @param history how long a login country is remembered after it was last seen ({@code
 *     detection.geo.history}, default 30d)
 * @param minHistory how old an account must be before a country outside its history counts as new
 *     ({@code detection.geo.min.history}, default 3d; younger accounts are judged against the
 *     expected countries instead)
 * @param expectedCountries where the provider's customers log in from ({@code
 *     detection.geo.expected.countries}, e.g. DE,AT,CH; default empty = no such check). Logins from
 *     them never count as new, and a young account logging in from elsewhere is suspicious
 * @param strongNewCountries new countries within an hour that make the signal strong on their own
 *     ({@code detection.geo.new.countries.strong}, default 2: one new country is a traveller; two in
 *     an hour is not)
 * @param manyClientIps distinct client IPs within an hour that make an account's logins look like a
 *     botnet ({@code detection.compromise.client.ips}, default 5: a person uses one to three devices)
 * @param travelMaxKmh speed above which two logins are impossible travel ({@code
 *     detection.geo.travel.max.kmh}, default 1000: faster than an airliner)
 * @param travelMinKm distance below which travel is never judged impossible, as GeoIP locations are
 *     imprecise ({@code detection.geo.travel.min.km}, default 500)
 * @param trackedCountries countries kept per account ({@code detection.state.countries}, default 12)
 */
public record GeoSignalSettings(
    Duration history, Duration minHistory, Set<String> expectedCountries, int strongNewCountries, int manyClientIps,
    double travelMaxKmh, double travelMinKm, int trackedCountries) {

  public GeoSignalSettings {
    expectedCountries = Set.copyOf(expectedCountries);
    ConfigException.require(history.toHours() >= 1, "detection.geo.history must be at least 1h");
    ConfigException.require(!minHistory.isNegative(), "detection.geo.min.history must be >= 0");
    ConfigException.require(strongNewCountries >= 1, "detection.geo.new.countries.strong must be >= 1, was " + strongNewCountries);
    ConfigException.require(manyClientIps > 1, "detection.compromise.client.ips must be > 1, was " + manyClientIps);
    ConfigException.require(travelMaxKmh > 0, "detection.geo.travel.max.kmh must be > 0, was " + travelMaxKmh);
    ConfigException.require(trackedCountries >= 2, "detection.state.countries must be >= 2, was " + trackedCountries);
    for (String c : expectedCountries) {
      ConfigException.require(c.matches("[A-Z]{2}"), "detection.geo.expected.countries must list ISO country codes like DE,AT, was '" + c + "'");
    }
  }

  public static GeoSignalSettings from(ConfigSource c) {
    List<String> expected = c.list("detection.geo.expected.countries", List.of());
    return new GeoSignalSettings(
        c.duration("detection.geo.history", Duration.ofDays(30)),
        c.duration("detection.geo.min.history", Duration.ofDays(3)),
        expected.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
        c.integer("detection.geo.new.countries.strong", 2),
        c.integer("detection.compromise.client.ips", 5),
        c.decimal("detection.geo.travel.max.kmh", 1000),
        c.decimal("detection.geo.travel.min.km", 500),
        c.integer("detection.state.countries", 12));
  }
}
