package sentinel.streams.detect;

/**
 * Where the account last logged in from (City databases only), and the last minute a login came
 * from impossibly far away for the time since ({@code Long.MIN_VALUE} if never).
 */
public record LastLocation(float latitude, float longitude, long minute, String country, long impossibleTravelMinute) {
  private static final double EARTH_RADIUS_KM = 6371;

  /** Great-circle distance in km (haversine). */
  static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
