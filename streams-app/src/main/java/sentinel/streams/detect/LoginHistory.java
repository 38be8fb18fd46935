package sentinel.streams.detect;

import java.util.HashMap;
import java.util.Map;
import sentinel.streams.geo.GeoInfo;

/**
 * Updates an account's login-country history and last location with one login: countries not seen
 * for {@code detection.geo.history} are forgotten, the least recently seen beyond the bound too, and
 * a login too far from the previous one for the time between them marks impossible travel.
 */
final class LoginHistory {
  private LoginHistory() {}

  static SubjectState record(SubjectState state, GeoInfo geo, long minute, GeoSignalSettings s) {
    if (!geo.isCountry()) {
      return state; // private, loopback, reserved and unknown addresses say nothing about travel
    }
    Map<String, CountrySeen> countries = new HashMap<>(state.countries());
    long forgetBefore = minute - s.history().toMinutes();
    countries.values().removeIf(c -> c.lastMinute() < forgetBefore);
    countries.merge(geo.country(), new CountrySeen(minute, minute), (old, now) -> old.seenAt(minute));
    while (countries.size() > s.trackedCountries()) {
      String stalest = countries.entrySet().stream().min(Map.Entry.comparingByValue(
          java.util.Comparator.comparingLong(CountrySeen::lastMinute))).orElseThrow().getKey();
      countries.remove(stalest);
    }
    LastLocation location = state.lastLocation();
    if (geo.hasLocation()) {
      long impossibleAt = location == null ? Long.MIN_VALUE : location.impossibleTravelMinute();
      if (location != null && minute >= location.minute()) {
        double km = LastLocation.distanceKm(location.latitude(), location.longitude(), geo.latitude(), geo.longitude());
        double hours = Math.max(minute - location.minute(), 1) / 60.0;
        if (km >= s.travelMinKm() && km / hours > s.travelMaxKmh()) {
          impossibleAt = minute;
        }
      }
      location = new LastLocation((float) geo.latitude(), (float) geo.longitude(), minute, geo.country(), impossibleAt);
    }
    return state.withCountries(countries, location);
  }
}
