package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An account whose mail came from {@code manyClientIps} or more client IPs within an hour is used by more than one person. */
public final class ClientIpSpreadDetector {
  public static final String TYPE = "MANY_CLIENT_IPS";
  private final GeoSignalSettings s;

  public ClientIpSpreadDetector(GeoSignalSettings settings) {
    this.s = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    List<String> ips = state.clientIpsWithin(minute, 60);
    if (ips.size() < s.manyClientIps()) {
      return Optional.empty();
    }
    long first = state.clientIps().values().stream().filter(m -> m > minute - 60).mapToLong(Long::longValue).min().orElse(minute);
    return Optional.of(new Finding(TYPE, 1, "60m", ips.size(), 0, Instant.ofEpochSecond(first * 60), ips,
        List.of("sent through SMTP AUTH from " + ips.size() + " different client IPs in the last hour (a person uses 1-3)"),
        "Many client IPs at once usually means a botnet holds the password."));
  }
}
