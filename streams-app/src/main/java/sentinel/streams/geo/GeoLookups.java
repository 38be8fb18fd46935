package sentinel.streams.geo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the configured GeoIP database, degrading to "unknown" countries (logged once) without one. */
public final class GeoLookups {
  private static final Logger LOG = LoggerFactory.getLogger(GeoLookups.class);

  private GeoLookups() {}

  public static CountryLookup open(GeoSettings settings) {
    Path db = settings.effectiveDatabase();
    if (!Files.isReadable(db)) {
      if (settings.database().isPresent()) {
        LOG.warn("geoip.database {} is not readable: login countries will be 'unknown' and geography signals are off", db);
      } else {
        LOG.warn("No GeoIP database at {}: login countries will be 'unknown' and geography signals are off."
            + " Run './sentinel geoip fetch' for the free country database, or set geoip.database to a GeoLite2 file.", db);
      }
      return CountryLookup.none();
    }
    try {
      MaxMindLookup lookup = MaxMindLookup.open(db);
      LOG.info("GeoIP database {} ({})", db, lookup.databaseType());
      return lookup;
    } catch (RuntimeException e) {
      LOG.warn("GeoIP database {} could not be opened ({}): login countries will be 'unknown'", db, e.getMessage());
      return CountryLookup.none();
    }
  }
}
