package sentinel.streams.geo;

/** Country (and ASN, location where known) of a client IP. Implementations are thread-safe. */
@FunctionalInterface
public interface CountryLookup {
  GeoInfo lookup(String ip);

  /** No database: private, loopback and reserved addresses are still labelled; the rest is unknown. */
  static CountryLookup none() {
    return ip -> AddressClass.label(ip).map(GeoInfo::label).orElse(GeoInfo.label(GeoInfo.UNKNOWN));
  }
}
