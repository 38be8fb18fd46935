package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A client IP with at least {@code bruteForceFailures10m} failed SMTP AUTH attempts in 10 minutes is brute-forcing. */
public final class BruteForceDetector {
  public static final String TYPE = "BRUTE_FORCE";
  private final SourceIpSettings settings;

  public BruteForceDetector(SourceIpSettings settings) {
    this.settings = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    int failures = state.authFailures().sum(minute, 10);
    if (failures < settings.bruteForceFailures10m()) {
      return Optional.empty();
    }
    List<String> accounts = state.peersWithin(minute, 60);
    String tried = accounts.isEmpty() ? "" : "; it logged in successfully as " + String.join(", ", accounts);
    return Optional.of(new Finding(TYPE, 0, "10m", failures, 0, Finding.since(state.authFailures(), minute, 10, Instant.ofEpochSecond(minute * 60)),
        List.of(), List.of(failures + " failed SMTP AUTH attempts in the last 10 minutes (threshold " + settings.bruteForceFailures10m() + ")" + tried),
        "Block the IP at the firewall (or fail2ban); check whether any account it tried later logged in successfully."));
  }
}
