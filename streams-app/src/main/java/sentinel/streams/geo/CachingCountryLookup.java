package sentinel.streams.geo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the answers for the most recently looked-up client IPs. Accounts log in from the same few
 * addresses over and over; each lookup otherwise parses the address and walks the database.
 *
 * <p>Not thread-safe, unlike the lookup it wraps: one per processor instance (a task's thread).
 */
public final class CachingCountryLookup implements CountryLookup {
  private final CountryLookup lookup;
  private final Map<String, GeoInfo> recent;

  public CachingCountryLookup(CountryLookup lookup, int entries) {
    this.lookup = lookup;
    this.recent = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, GeoInfo> eldest) {
        return size() > entries;
      }
    };
  }

  @Override
  public GeoInfo lookup(String ip) {
    GeoInfo info = recent.get(ip);
    if (info == null) {
      info = lookup.lookup(ip);
      recent.put(ip, info);
    }
    return info;
  }
}
