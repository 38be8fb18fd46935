package sentinel.streams.detect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything remembered about one account (or client IP): per-minute counts for the last hour,
 * recent client IPs with the minute they were last seen (bounded), and open alert episodes.
 */
public record SubjectState(
    MinuteCounts messages,
    MinuteCounts recipients,
    MinuteCounts bounced,
    MinuteCounts authFailures,
    Map<String, Long> clientIps,
    Instant firstActivity,
    Map<String, Episode> episodes) {

  public SubjectState {
    clientIps = clientIps == null ? Map.of() : Map.copyOf(clientIps);
    episodes = episodes == null ? Map.of() : Map.copyOf(episodes);
  }

  public static SubjectState empty(Instant now) {
    return new SubjectState(MinuteCounts.empty(), MinuteCounts.empty(), MinuteCounts.empty(), MinuteCounts.empty(),
        Map.of(), now, Map.of());
  }

  SubjectState withMessages(MinuteCounts m, MinuteCounts r) {
    return new SubjectState(m, r, bounced, authFailures, clientIps, firstActivity, episodes);
  }

  SubjectState withBounced(MinuteCounts b) {
    return new SubjectState(messages, recipients, b, authFailures, clientIps, firstActivity, episodes);
  }

  SubjectState withAuthFailures(MinuteCounts f) {
    return new SubjectState(messages, recipients, bounced, f, clientIps, firstActivity, episodes);
  }

  /** Remembers {@code ip} at {@code minute}, evicting the longest-unseen IP beyond {@code limit}. */
  SubjectState withClientIp(String ip, long minute, int limit) {
    if (ip == null) {
      return this;
    }
    Map<String, Long> ips = new LinkedHashMap<>(clientIps);
    ips.put(ip, minute);
    while (ips.size() > limit) {
      String oldest = ips.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
      ips.remove(oldest);
    }
    return new SubjectState(messages, recipients, bounced, authFailures, ips, firstActivity, episodes);
  }

  SubjectState withEpisodes(Map<String, Episode> e) {
    return new SubjectState(messages, recipients, bounced, authFailures, clientIps, firstActivity, e);
  }

  /** The newest minute any count has reached; events an hour older than this can no longer be counted. */
  public long latestMinute() {
    return Math.max(Math.max(messages.lastMinute(), recipients.lastMinute()), Math.max(bounced.lastMinute(), authFailures.lastMinute()));
  }

  /** Client IPs seen in the {@code minutes} minutes ending at {@code nowMinute}. */
  public List<String> clientIpsWithin(long nowMinute, int minutes) {
    return clientIps.entrySet().stream()
        .filter(e -> e.getValue() > nowMinute - minutes)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
