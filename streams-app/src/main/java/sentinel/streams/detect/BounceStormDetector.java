package sentinel.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account whose recipients in the last hour (at least {@code minRecipients1h}) bounced at a share of
 * {@code share} or more has a bounce storm; mostly 5.7.x bounces mean the server is being blocklisted.
 */
public final class BounceStormDetector {
  public static final String TYPE = "BOUNCE_STORM";
  private final BounceSettings s;

  public BounceStormDetector(BounceSettings settings) {
    this.s = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    int recipients = state.recipients().sum(minute, 60);
    int bounced = state.bounced().sum(minute, 60);
    if (recipients < s.minRecipients1h() || bounced < s.share() * recipients) {
      return Optional.empty();
    }
    int policy = state.policyBounced().sum(minute, 60);
    List<String> reasons = new ArrayList<>();
    // Built on every evaluation while a storm lasts, so without String.format (same text, %.0f is half-up).
    reasons.add(bounced + " of " + recipients + " recipients (" + Math.round(100.0 * bounced / recipients) + " %) bounced in the last hour"
        + " (threshold " + Math.round(100 * s.share()) + " %): " + (bounced - policy)
        + " for unknown users or other permanent errors (5.1.x and kin), " + policy + " rejected on policy (5.7.x)");
    boolean blocklisted = policy >= s.policyShare() * bounced;
    String advice = "Bounces for unknown users mean a bought or guessed address list, typical of spam: stop the mailing and check"
        + " the account.";
    if (blocklisted) {
      reasons.add("most bounces are 5.7.x policy rejections: receiving servers already block this server (blocklists)");
      advice = "The server is already being blocklisted (5.7.x rejections): stop the mail at once, then check the server's IPs on"
          + " the public blocklists and request delisting once the cause is fixed.";
    }
    Instant since = Finding.since(state.bounced(), minute, 60, Instant.ofEpochSecond(minute * 60));
    return Optional.of(new Finding(TYPE, 2, "60m", bounced, recipients, since, List.of(), reasons, advice));
  }
}
