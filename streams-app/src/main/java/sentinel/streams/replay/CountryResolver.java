package sentinel.streams.replay;

/**
 * The country of a client IP for the report. Until a GeoIP database is wired in, the default only
 * tells local and documentation addresses apart and answers {@value #UNKNOWN} for the rest, so the
 * report never pretends to know a country it does not.
 */
@FunctionalInterface
public interface CountryResolver {
  String UNKNOWN = "??";

  String countryOf(String ip);

  /** Countries from the monitor's GeoIP lookup (the {@code geoip.*} settings), as the detectors see them. */
  static CountryResolver from(sentinel.streams.geo.CountryLookup geo) {
    return ip -> ip == null ? UNKNOWN : geo.lookup(ip).country();
  }

  static CountryResolver withoutDatabase() {
    return ip -> {
      if (ip == null) {
        return UNKNOWN;
      }
      if (ip.startsWith("10.") || ip.startsWith("192.168.") || ip.startsWith("127.") || ip.equals("::1")
          || PrivateRanges.RFC1918_172.matcher(ip).lookingAt()) {
        return "LAN";
      }
      return UNKNOWN;
    };
  }

  /** Holder so the pattern is compiled once, not per login. */
  final class PrivateRanges {
    static final java.util.regex.Pattern RFC1918_172 = java.util.regex.Pattern.compile("172\\.(1[6-9]|2\\d|3[01])\\.");

    private PrivateRanges() {}
  }
}
