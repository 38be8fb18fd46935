package sentinel.streams.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a MaxMind-format (.mmdb) database with MaxMind's own reader. Understands the record shapes
 * of GeoLite2/GeoIP2 Country and City ({@code country.iso_code}, {@code location}), of the ASN
 * databases ({@code autonomous_system_number}) and of the free ip-location-db builds
 * ({@code country_code}). The file is memory-mapped and shared by all stream threads.
 */
public final class MaxMindLookup implements CountryLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MaxMindLookup.class);
  private final Reader reader;
  private final String databaseType;

  private MaxMindLookup(Reader reader) {
    this.reader = reader;
    this.databaseType = reader.getMetadata().databaseType();
  }

  public static MaxMindLookup open(Path database) {
    try {
      // The cache keeps decoded records of hot networks (a botnet's /24s, the provider's own ranges).
      return new MaxMindLookup(new Reader(database.toFile(), new CHMCache()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read GeoIP database " + database + ": " + e.getMessage(), e);
    }
  }

  public String databaseType() {
    return databaseType;
  }

  @Override
  public GeoInfo lookup(String ip) {
    Optional<String> label = AddressClass.label(ip);
    if (label.isPresent()) {
      return GeoInfo.label(label.get());
    }
    try {
      InetAddress address = Ipv.parse(ip);
      @SuppressWarnings("unchecked")
      Map<String, Object> record = reader.get(address, Map.class);
      return record == null ? GeoInfo.label(GeoInfo.UNKNOWN) : fromRecord(record);
    } catch (IOException | RuntimeException e) {
      // An IPv6 address against an IPv4-only database lands here too: unknown, not fatal.
      LOG.debug("GeoIP lookup of {} failed: {}", ip, e.toString());
      return GeoInfo.label(GeoInfo.UNKNOWN);
    }
  }

  static GeoInfo fromRecord(Map<String, Object> record) {
    String country = string(record.get("country_code"));
    if (country == null && record.get("country") instanceof Map<?, ?> c) {
      country = string(c.get("iso_code"));
    }
    if (country == null && record.get("registered_country") instanceof Map<?, ?> c) {
      country = string(c.get("iso_code"));
    }
    double lat = Double.NaN;
    double lon = Double.NaN;
    if (record.get("location") instanceof Map<?, ?> loc && loc.get("latitude") instanceof Number la
        && loc.get("longitude") instanceof Number lo) {
      lat = la.doubleValue();
      lon = lo.doubleValue();
    } else if (record.get("latitude") instanceof Number la && record.get("longitude") instanceof Number lo) {
      lat = la.doubleValue();
      lon = lo.doubleValue();
    }
    long asn = record.get("autonomous_system_number") instanceof Number n ? n.longValue() : 0;
    String code = country == null ? null : country.toUpperCase(java.util.Locale.ROOT);
    return new GeoInfo(GeoInfo.isCountryCode(code) ? code : GeoInfo.UNKNOWN, asn, lat, lon);
  }

  private static String string(Object o) {
    return o instanceof String s && !s.isEmpty() ? s : null;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      LOG.debug("closing GeoIP database: {}", e.toString());
    }
  }
}
