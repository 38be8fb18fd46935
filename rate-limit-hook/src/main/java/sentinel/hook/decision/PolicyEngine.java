package sentinel.hook.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.AccountDecision;
import sentinel.hook.metrics.HookMeters;
import sentinel.common.logging.RateLimitedLog;

/**
 * Turns "account X wants to send N recipients" into a {@link Verdict}, from memory only: the
 * decision in force (cache), the account's token bucket (throttles) and the feed's freshness.
 * Both the Postfix and the Exim front ends call it; neither knows about decisions.
 */
public final class PolicyEngine {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);
  static final Verdict FAIL_CLOSED =
      Verdict.defer("4.3.0 Sending policy temporarily unavailable, try again later");

  private final DecisionCache cache;
  private final Throttles throttles;
  private final FeedHealth feed;
  private final boolean failClosed;
  private final HookMeters meters;
  private final Clock clock;
  private final RateLimitedLog staleLog;

  public PolicyEngine(
      DecisionCache cache, Throttles throttles, FeedHealth feed, boolean failClosed,
      HookMeters meters, Clock clock, RateLimitedLog staleLog) {
    this.cache = cache;
    this.throttles = throttles;
    this.feed = feed;
    this.failClosed = failClosed;
    this.meters = meters;
    this.clock = clock;
    this.staleLog = staleLog;
  }

  public static PolicyEngine create(
      DecisionCache cache, FeedHealth feed, boolean failClosed, HookMeters meters, Clock clock,
      java.time.Duration logInterval) {
    return new PolicyEngine(cache, new Throttles(clock), feed, failClosed, meters, clock,
        new RateLimitedLog(LOG, logInterval, clock));
  }

  /**
   * The answer for {@code account} (already normalised; empty when the request carries none)
   * sending {@code recipients} recipients; 0 recipients means a stage that does not count them.
   */
  public Verdict decide(String account, int recipients) {
    if (account.isEmpty()) {
      return Verdict.DUNNO;
    }
    Instant now = clock.instant();
    if (feed.stale(now)) {
      meters.failedOpen();
      staleLog.warn("Decision feed is stale ({}s since caught up); answering {} without decisions",
          feed.age(now).toSeconds(), failClosed ? "DEFER (hook.fail.closed=true)" : "DUNNO (fail-open)");
      return failClosed ? FAIL_CLOSED : Verdict.DUNNO;
    }
    Optional<AccountDecision> decision = cache.effective(account, now);
    if (decision.isEmpty()) {
      return Verdict.DUNNO;
    }
    AccountDecision d = decision.get();
    return switch (d.action()) {
      case NONE -> Verdict.DUNNO;
      case HOLD -> Verdict.hold("sentinel: " + account + " on hold by " + d.source() + ": " + reasons(d));
      case THROTTLE -> throttles.tryTake(account, d, recipients)
          ? Verdict.DUNNO
          : Verdict.defer("4.7.1 " + account + " exceeded its limit of " + d.limitPerHour()
              + " recipients per hour, try again later");
    };
  }

  public Throttles throttles() {
    return throttles;
  }

  private static String reasons(AccountDecision d) {
    return d.reasons().isEmpty() ? "no reason given" : String.join("; ", d.reasons());
  }
}
