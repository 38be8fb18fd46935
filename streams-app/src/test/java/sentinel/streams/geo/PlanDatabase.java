package sentinel.streams.geo;

import java.nio.file.Path;
import java.util.Map;
import sentinel.streams.simulate.IpPlan;

/** The simulator's address plan written as a MaxMind database, in the free-DB or the City record shape. */
public final class PlanDatabase {
  private PlanDatabase() {}

  /** Records like the free ip-location-db country builds: {@code {"country_code": "DE"}}. */
  public static Path countryOnly(Path file) {
    TestMmdb db = new TestMmdb("geo-whois-asn-country");
    IpPlan.BLOCKS.forEach(b -> db.put(b.a() + "." + b.b() + ".0.0/16", Map.of("country_code", b.country())));
    return db.write(file);
  }

  /** Records like GeoLite2-City: {@code country.iso_code} and {@code location}. */
  public static Path city(Path file) {
    TestMmdb db = new TestMmdb("GeoLite2-City");
    IpPlan.BLOCKS.forEach(b -> db.put(b.a() + "." + b.b() + ".0.0/16", Map.of(
        "country", Map.of("iso_code", b.country(), "names", Map.of("en", b.country())),
        "location", Map.of("latitude", b.latitude(), "longitude", b.longitude()))));
    return db.write(file);
  }
}
