package sentinel.hook.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import sentinel.common.config.Durations;
import sentinel.common.contract.AccountDecision;
import sentinel.hook.decision.AccountDecisions;

/** Human-readable lines for {@code account status} and {@code account list}. */
public final class DecisionFormat {
  private DecisionFormat() {}

  /** One line: action, limit, source, age, expiry and reasons. */
  public static String line(AccountDecision d, Instant now) {
    StringBuilder b = new StringBuilder(d.action().name());
    if (d.action() == sentinel.common.contract.Action.THROTTLE) {
      b.append(' ').append(d.limitPerHour()).append("/h");
    }
    b.append(" by ").append(d.source());
    if (d.since() != null) {
      b.append(", since ").append(d.since()).append(" (").append(age(d.since(), now)).append(" ago)");
    }
    if (d.expiresAt() == null) {
      b.append(", no expiry");
    } else if (d.expiredAt(now)) {
      b.append(", expired ").append(d.expiresAt());
    } else {
      b.append(", until ").append(d.expiresAt());
    }
    b.append(" — ").append(d.reasons().isEmpty() ? "no reason given" : String.join("; ", d.reasons()));
    return b.toString();
  }

  public static String status(String account, AccountDecisions stored, Instant now) {
    StringBuilder b = new StringBuilder();
    b.append("account:   ").append(account).append('\n');
    b.append("in force:  ").append(stored.effectiveAt(now).map(d -> line(d, now)).orElse("none (mail flows)")).append('\n');
    b.append("operator:  ").append(stored.operator() == null ? "-" : line(stored.operator(), now)).append('\n');
    b.append("detector:  ").append(stored.detector() == null ? "-" : line(stored.detector(), now));
    if (stored.detector() != null && stored.effectiveAt(now).filter(d -> d == stored.detector()).isEmpty()) {
      b.append("  [overridden]");
    }
    return b.append('\n').toString();
  }

  public static String list(Map<String, AccountDecision> underDecision, Instant now) {
    if (underDecision.isEmpty()) {
      return "No account is held or throttled.\n";
    }
    int width = underDecision.keySet().stream().mapToInt(String::length).max().orElse(7);
    StringBuilder b = new StringBuilder();
    underDecision.forEach((account, d) ->
        b.append(String.format("%-" + width + "s  %s%n", account, line(d, now))));
    return b.toString();
  }

  static String age(Instant since, Instant now) {
    Duration d = Duration.between(since, now);
    return d.isNegative() ? "0s" : Durations.format(Duration.ofSeconds(d.toSeconds()));
  }
}
