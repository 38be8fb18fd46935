package sentinel.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Logins within the last hour from countries an established account has not used in its history
 * (outside the provider's expected countries), from outside the expected countries for a young
 * account, or from impossibly far away since the previous login, are a NEW_COUNTRY signal; strong
 * with {@code strongNewCountries} or more such countries, impossible travel, or a young account.
 */
public final class LoginGeographyDetector {
  public static final String TYPE = "NEW_COUNTRY";
  private static final int HOUR = 60;
  private final GeoSignalSettings s;

  public LoginGeographyDetector(GeoSignalSettings settings) {
    this.s = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    long firstMinute = state.firstActivity().getEpochSecond() / 60;
    long established = firstMinute + s.minHistory().toMinutes();
    List<String> known = state.countriesWithin(minute, Integer.MAX_VALUE, c -> c.firstMinute() <= minute - HOUR);
    boolean mature = minute >= established && !known.isEmpty();
    List<String> fresh = mature
        ? state.countriesWithin(minute, HOUR, c -> c.firstMinute() > minute - HOUR && c.firstMinute() >= established)
            .stream().filter(c -> !s.expectedCountries().contains(c)).toList()
        : state.countriesWithin(minute, HOUR, c -> true).stream()
            .filter(c -> !s.expectedCountries().isEmpty() && !s.expectedCountries().contains(c)).toList();
    LastLocation loc = state.lastLocation();
    boolean impossible = loc != null && loc.impossibleTravelMinute() > minute - HOUR;
    if (fresh.isEmpty() && !impossible) {
      return Optional.empty();
    }
    boolean strong = fresh.size() >= s.strongNewCountries() || impossible || (!mature && !fresh.isEmpty());
    List<String> reasons = new ArrayList<>();
    if (!fresh.isEmpty()) {
      reasons.add(mature
          ? "logins from " + fresh.size() + " new countr" + (fresh.size() == 1 ? "y" : "ies") + " in the last hour: "
              + String.join(", ", fresh) + " (known: " + String.join(", ", known) + ")"
          : "a new account (first seen " + state.firstActivity() + ") logs in from " + String.join(", ", fresh)
              + ", outside the expected countries " + String.join(",", s.expectedCountries().stream().sorted().toList()));
    }
    if (impossible) {
      reasons.add("impossible travel: a login from " + loc.country() + " came too soon after one far away (faster than "
          + Math.round(s.travelMaxKmh()) + " km/h)");
    }
    Instant since = Instant.ofEpochSecond(state.countries().entrySet().stream().filter(e -> fresh.contains(e.getKey()))
        .mapToLong(e -> e.getValue().firstMinute()).min().orElse(minute) * 60);
    return Optional.of(new Finding(TYPE, strong ? 2 : 1, "60m", fresh.size(), known.size(), since,
        state.clientIpsWithin(minute, HOUR), reasons,
        "Ask the customer whether they travel or use a VPN; if not, the password is known to others: reset it."));
  }
}
