package sentinel.streams.detect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything remembered about one account (or, under {@code ip:<address>}, one client IP): counts per
 * minute over the last hour, the learned baseline, recent client IPs, login-country history, and
 * open alert episodes. Every collection is bounded, so the state stays small (see
 * {@link SubjectStateSerde}).
 *
 * @param messages accounts: messages submitted; IPs: successful logins (sends per IP)
 * @param recipients recipients of those messages
 * @param bounced recipients that bounced
 * @param policyBounced recipients that bounced with a 5.7.x (policy, blocklist) status
 * @param authFailures failed SMTP AUTH attempts (of the account, or from the IP)
 * @param inboundBounces bounces delivered to the account's mailbox (backscatter or its own spam coming back)
 * @param clientIps client IP (accounts) → last epoch minute seen
 * @param peers IPs: accounts that logged in from the IP → last epoch minute seen
 * @param countries accounts: login country history (decays after {@code detection.geo.history})
 * @param lastLocation accounts: last login location from a City database; null without one
 */
public record SubjectState(
    MinuteCounts messages,
    MinuteCounts recipients,
    MinuteCounts bounced,
    MinuteCounts policyBounced,
    MinuteCounts authFailures,
    MinuteCounts inboundBounces,
    Baseline baseline,
    Map<String, Long> clientIps,
    Map<String, Long> peers,
    Map<String, CountrySeen> countries,
    LastLocation lastLocation,
    Instant firstActivity,
    Map<String, Episode> episodes) {

  public SubjectState {
    clientIps = clientIps == null ? Map.of() : Map.copyOf(clientIps);
    peers = peers == null ? Map.of() : Map.copyOf(peers);
    countries = countries == null ? Map.of() : Map.copyOf(countries);
    episodes = episodes == null ? Map.of() : Map.copyOf(episodes);
    baseline = baseline == null ? Baseline.empty() : baseline;
  }

  public static SubjectState empty(Instant now) {
    MinuteCounts e = MinuteCounts.empty();
    return new SubjectState(e, e, e, e, e, e, Baseline.empty(), Map.of(), Map.of(), Map.of(), null, now, Map.of());
  }

  SubjectState withMessages(MinuteCounts m, MinuteCounts r) {
    return new SubjectState(m, r, bounced, policyBounced, authFailures, inboundBounces, baseline, clientIps, peers, countries,
        lastLocation, firstActivity, episodes);
  }

  SubjectState withBounced(MinuteCounts b, MinuteCounts policy) {
    return new SubjectState(messages, recipients, b, policy, authFailures, inboundBounces, baseline, clientIps, peers, countries,
        lastLocation, firstActivity, episodes);
  }

  SubjectState withAuthFailures(MinuteCounts f) {
    return new SubjectState(messages, recipients, bounced, policyBounced, f, inboundBounces, baseline, clientIps, peers, countries,
        lastLocation, firstActivity, episodes);
  }

  SubjectState withInboundBounces(MinuteCounts in) {
    return new SubjectState(messages, recipients, bounced, policyBounced, authFailures, in, baseline, clientIps, peers, countries,
        lastLocation, firstActivity, episodes);
  }

  SubjectState withBaseline(Baseline b) {
    return new SubjectState(messages, recipients, bounced, policyBounced, authFailures, inboundBounces, b, clientIps, peers, countries,
        lastLocation, firstActivity, episodes);
  }

  SubjectState withCountries(Map<String, CountrySeen> c, LastLocation location) {
    return new SubjectState(messages, recipients, bounced, policyBounced, authFailures, inboundBounces, baseline, clientIps, peers, c,
        location, firstActivity, episodes);
  }

  /** Remembers {@code ip} at {@code minute}, evicting the longest-unseen IP beyond {@code limit}. */
  SubjectState withClientIp(String ip, long minute, int limit) {
    if (ip == null) {
      return this;
    }
    return new SubjectState(messages, recipients, bounced, policyBounced, authFailures, inboundBounces, baseline,
        bounded(clientIps, ip, minute, limit), peers, countries, lastLocation, firstActivity, episodes);
  }

  /** Remembers account {@code peer} at {@code minute} (IP subjects), bounded like client IPs. */
  SubjectState withPeer(String peer, long minute, int limit) {
    if (peer == null) {
      return this;
    }
    return new SubjectState(messages, recipients, bounced, policyBounced, authFailures, inboundBounces, baseline, clientIps,
        bounded(peers, peer, minute, limit), countries, lastLocation, firstActivity, episodes);
  }

  SubjectState withEpisodes(Map<String, Episode> e) {
    return new SubjectState(messages, recipients, bounced, policyBounced, authFailures, inboundBounces, baseline, clientIps, peers,
        countries, lastLocation, firstActivity, e);
  }

  /** The newest minute any count has reached; events an hour older than this can no longer be counted. */
  public long latestMinute() {
    long latest = Long.MIN_VALUE;
    for (MinuteCounts c : List.of(messages, recipients, bounced, policyBounced, authFailures, inboundBounces)) {
      latest = Math.max(latest, c.lastMinute());
    }
    return latest;
  }

  /** Client IPs seen in the {@code minutes} minutes ending at {@code nowMinute}. */
  public List<String> clientIpsWithin(long nowMinute, int minutes) {
    return within(clientIps, nowMinute, minutes);
  }

  /** Accounts seen from this IP in the {@code minutes} minutes ending at {@code nowMinute}. */
  public List<String> peersWithin(long nowMinute, int minutes) {
    return within(peers, nowMinute, minutes);
  }

  /** Countries (labels excluded) with a login in the {@code minutes} minutes ending at {@code nowMinute}. */
  public List<String> countriesWithin(long nowMinute, int minutes, Predicate<CountrySeen> also) {
    return countries.entrySet().stream()
        .filter(e -> e.getValue().lastMinute() > nowMinute - minutes && also.test(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static List<String> within(Map<String, Long> lastSeen, long nowMinute, int minutes) {
    return lastSeen.entrySet().stream()
        .filter(e -> e.getValue() > nowMinute - minutes)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static Map<String, Long> bounded(Map<String, Long> current, String key, long minute, int limit) {
    Map<String, Long> m = new LinkedHashMap<>(current);
    m.merge(key, minute, Math::max);
    while (m.size() > limit) {
      String oldest = m.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
      m.remove(oldest);
    }
    return m;
  }
}
