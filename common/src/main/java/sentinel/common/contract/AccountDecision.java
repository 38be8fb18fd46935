package sentinel.common.contract;

import java.time.Instant;
import java.util.List;

/**
 * The enforcement decision for one account, as written to the compacted topic {@code
 * sentinel.account-status} (key: account). The hook keeps the latest per account in memory.
 *
 * @param account normalised account (lower case SASL user, or {@code local:<user>@<host>})
 * @param action what to do with the account's new mail
 * @param limitPerHour recipients per hour allowed under {@link Action#THROTTLE}; 0 otherwise
 * @param reasons why, in words an admin can act on
 * @param since when the decision was first made
 * @param expiresAt when it lapses by itself; null for never
 * @param source detector or operator
 */
public record AccountDecision(
    String account,
    Action action,
    int limitPerHour,
    List<String> reasons,
    Instant since,
    Instant expiresAt,
    DecisionSource source) {

  public AccountDecision {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** True when the decision no longer applies at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
