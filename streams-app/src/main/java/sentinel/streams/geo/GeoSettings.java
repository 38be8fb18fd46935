package sentinel.streams.geo;

import java.nio.file.Path;
import java.util.Optional;
import sentinel.common.config.ConfigSource;

/**
 * Where the GeoIP database is.
 *
 * @param database a GeoLite2/GeoIP2 Country or City file, or any MaxMind-format database
 *     ({@code geoip.database}); when unset, the free country database that {@code ./sentinel geoip
 *     fetch} caches at {@link #DEFAULT_DATABASE} is used if present
 */
public record GeoSettings(Optional<Path> database) {
  /** Where {@code ./sentinel geoip fetch} puts the free CC0 country database. */
  public static final Path DEFAULT_DATABASE = Path.of(".sentinel", "geoip", "geo-whois-asn-country.mmdb");

  public static GeoSettings from(ConfigSource c) {
    return new GeoSettings(c.find("geoip.database").filter(s -> !s.isBlank()).map(Path::of));
  }

  /** The file to open: the configured one, else the fetched default. */
  public Path effectiveDatabase() {
    return database.orElse(DEFAULT_DATABASE);
  }
}
