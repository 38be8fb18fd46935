package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A client IP with at least the configured number of failed SMTP AUTH attempts in 10 minutes is brute-forcing. */
public final class BruteForceDetector {
  public static final String TYPE = "BRUTE_FORCE";
  private static final int WINDOW_MINUTES = 10;
  private final DetectionSettings settings;

  public BruteForceDetector(DetectionSettings settings) {
    this.settings = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, Instant now) {
    int failures = state.authFailures().sum(now.getEpochSecond() / 60, WINDOW_MINUTES);
    if (failures < settings.bruteForceFailures10m()) {
      return Optional.empty();
    }
    return Optional.of(new Finding(TYPE, Finding.Severity.warning, "10m", failures, 0, List.of(),
        List.of(failures + " failed SMTP AUTH attempts in the last 10 minutes (threshold " + settings.bruteForceFailures10m() + ")"),
        "Block the IP at the firewall (or fail2ban); check whether any account it tried later logged in successfully."));
  }
}
