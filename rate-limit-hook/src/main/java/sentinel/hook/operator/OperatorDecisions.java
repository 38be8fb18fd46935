package sentinel.hook.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import sentinel.common.config.ConfigException;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.common.contract.DecisionSource;
import sentinel.hook.decision.Accounts;

/**
 * Builds the decisions an operator writes (source = operator). They win over the detector's
 * until they expire; {@link #release} is an operator decision with action NONE that keeps the
 * detector quiet for {@code releaseDefault} unless told otherwise.
 */
public final class OperatorDecisions {
  private final Clock clock;
  private final Duration releaseDefault;

  public OperatorDecisions(Clock clock, Duration releaseDefault) {
    this.clock = clock;
    this.releaseDefault = releaseDefault;
  }

  /**
   * A copy whose clock stands still at this moment (whole milliseconds), so one command's
   * {@code since} and a relative {@code --until} are computed from the same instant.
   */
  public OperatorDecisions frozen() {
    return new OperatorDecisions(
        Clock.fixed(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), java.time.ZoneOffset.UTC),
        releaseDefault);
  }

  /** HOLD until {@code until} (null: until released). */
  public AccountDecision hold(String account, List<String> reasons, Instant until) {
    return decision(account, Action.HOLD, 0, reasons, "held by operator", until);
  }

  /** THROTTLE to {@code limitPerHour} recipients per hour until {@code until} (null: until released). */
  public AccountDecision throttle(String account, int limitPerHour, List<String> reasons, Instant until) {
    ConfigException.require(limitPerHour >= 0, "--limit must be >= 0, was " + limitPerHour);
    return decision(account, Action.THROTTLE, limitPerHour, reasons, "throttled by operator", until);
  }

  /** NONE, overriding the detector until {@code until} (null: now + the configured default). */
  public AccountDecision release(String account, List<String> reasons, Instant until) {
    Instant end = until != null ? until : clock.instant().plus(releaseDefault);
    return decision(account, Action.NONE, 0, reasons, "released by operator", end);
  }

  private AccountDecision decision(String account, Action action, int limit, List<String> reasons,
      String defaultReason, Instant until) {
    String key = Accounts.normalize(account);
    ConfigException.require(!key.isEmpty() && !key.contains(" "), "ACCOUNT must be a non-empty name without spaces, was '" + account + "'");
    Instant now = clock.instant();
    ConfigException.require(until == null || until.isAfter(now), "--until must be in the future, was " + until);
    List<String> why = reasons == null || reasons.isEmpty() ? List.of(defaultReason) : reasons;
    return new AccountDecision(key, action, limit, why, now, until, DecisionSource.operator);
  }

  /** {@code --until}: an ISO-8601 instant (2026-01-31T12:00:00Z) or a duration from now (2h, 7d). */
  public Instant parseUntil(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException notAnInstant) {
      try {
        return clock.instant().plus(sentinel.common.config.Durations.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--until must be an instant such as 2026-01-31T12:00:00Z or a duration such as 2h, was '" + text + "'");
      }
    }
  }
}
