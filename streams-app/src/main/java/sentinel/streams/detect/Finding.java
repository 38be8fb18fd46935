package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;

/**
 * What one detector concluded about one subject at one moment. Account findings are signals that
 * {@link VerdictCombiner} adds up by {@code score}; IP findings become alerts of their own.
 *
 * @param type the signal (VOLUME_SPIKE, NEW_COUNTRY, BRUTE_FORCE, …)
 * @param score weight towards the account's verdict (see {@link VerdictSettings}); 0 for IP findings
 * @param window the span the figures cover, e.g. "10m"
 * @param since when the activity behind the finding began
 * @param reasons what was seen, in words an admin can act on
 * @param advice what to do about this signal
 */
public record Finding(
    String type, int score, String window, double observed, double baseline, Instant since, List<String> clientIps,
    List<String> reasons, String advice) {

  public Finding {
    clientIps = clientIps == null ? List.of() : List.copyOf(clientIps);
    reasons = List.copyOf(reasons);
  }

  /** The earliest minute in the {@code minutes} ending at {@code minute} with a non-zero count, or {@code fallback}. */
  static Instant since(MinuteCounts counts, long minute, int minutes, Instant fallback) {
    for (long m = minute - minutes + 1; m <= minute; m++) {
      if (counts.sum(m, 1) > 0) {
        return Instant.ofEpochSecond(m * 60);
      }
    }
    return fallback;
  }
}
