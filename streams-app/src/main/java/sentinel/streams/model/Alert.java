package sentinel.streams.model;

import java.time.Instant;
import java.util.List;

/**
 * One alert episode as written to {@code sentinel.alerts} (DESIGN.md). Emitted once when an episode
 * opens, not once per event.
 *
 * @param id stable per episode: subject, type and the episode's first-seen minute
 * @param type what was detected (VOLUME_SPIKE, COMPROMISED, BACKSCATTER, …)
 * @param severity warning or critical
 * @param subject account or {@code ip:<address>}
 * @param window the span the figures cover, e.g. "10m"
 * @param observed what was counted in that window
 * @param baseline what is normal for the subject over the same span (0 without history)
 * @param countries login countries seen in the window
 * @param clientIps a sample of client IPs seen in the window
 * @param reasons what was seen, in words an admin can act on
 * @param advice what to do
 * @param firstSeen when the episode's activity began
 * @param detectedAt event time at which the threshold was crossed
 */
public record Alert(
    String id,
    String type,
    String severity,
    String subject,
    String window,
    double observed,
    double baseline,
    List<String> countries,
    List<String> clientIps,
    List<String> reasons,
    String advice,
    Instant firstSeen,
    Instant detectedAt) {

  public Alert {
    countries = countries == null ? List.of() : List.copyOf(countries);
    clientIps = clientIps == null ? List.of() : List.copyOf(clientIps);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }
}
