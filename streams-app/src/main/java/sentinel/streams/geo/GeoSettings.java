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
 * @param cacheEntries client IPs whose answer each detection task keeps ({@code geoip.cache.entries}):
 *     one account logs in from the same few addresses all day, and a lookup costs an address parse and
 *     a database walk
 */
public record GeoSettings(Optional<Path> database, int cacheEntries) {
  public static final int DEFAULT_CACHE_ENTRIES = 4096;

  public GeoSettings {
    sentinel.common.config.ConfigException.require(cacheEntries >= 0, "geoip.cache.entries must be >= 0, was " + cacheEntries);
  }

  /** The given database, with the default cache. */
  public GeoSettings(Optional<Path> database) {
    this(database, DEFAULT_CACHE_ENTRIES);
  }

  /** Where {@code ./sentinel geoip fetch} puts the free CC0 country database. */
  public static final Path DEFAULT_DATABASE = Path.of(".sentinel", "geoip", "geo-whois-asn-country.mmdb");

  public static GeoSettings from(ConfigSource c) {
    return new GeoSettings(c.find("geoip.database").filter(s -> !s.isBlank()).map(Path::of),
        c.integer("geoip.cache.entries", DEFAULT_CACHE_ENTRIES));
  }

  /** The file to open: the configured one, else the fetched default. */
  public Path effectiveDatabase() {
    return database.orElse(DEFAULT_DATABASE);
  }
}
