package sentinel.streams.geo;

/**
 * What GeoIP says about one client IP.
 *
 * @param country ISO 3166-1 alpha-2 code, or one of the labels {@link #PRIVATE}, {@link #LOOPBACK},
 *     {@link #RESERVED}, {@link #UNKNOWN} (never a country)
 * @param asn autonomous system number, 0 when the database has none
 * @param latitude degrees, NaN without a City database
 * @param longitude degrees, NaN without a City database
 */
public record GeoInfo(String country, long asn, double latitude, double longitude) {
  public static final String PRIVATE = "private";
  public static final String LOOPBACK = "loopback";
  public static final String RESERVED = "reserved";
  public static final String UNKNOWN = "unknown";

  public static GeoInfo label(String label) {
    return new GeoInfo(label, 0, Double.NaN, Double.NaN);
  }

  /** True for a real country code; false for the labels, which must never count as a country. */
  public boolean isCountry() {
    return isCountryCode(country);
  }

  public boolean hasLocation() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }

  public static boolean isCountryCode(String code) {
    return code != null && code.length() == 2 && Character.isUpperCase(code.charAt(0)) && Character.isUpperCase(code.charAt(1));
  }
}
