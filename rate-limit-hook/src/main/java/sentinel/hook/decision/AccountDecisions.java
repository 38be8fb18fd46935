package sentinel.hook.decision;

import java.time.Instant;
import java.util.Optional;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.DecisionSource;

/**
 * The latest operator and the latest detector decision for one account, each with the order in
 * which the hook received it. Immutable: the cache swaps whole values.
 *
 * <p>Precedence (see README "Operator decisions win"):
 *
 * <ol>
 *   <li>An operator decision that has not expired wins, whatever the detector says. A {@code
 *       release} is an operator decision with action NONE, so it silences the detector until it
 *       expires.
 *   <li>Otherwise the detector decision applies if it has not expired and arrived after the
 *       operator's last word: a detector verdict the operator has already overruled does not come
 *       back when the operator's decision lapses; a newer one does.
 *   <li>Otherwise there is no decision.
 * </ol>
 *
 * @param operator latest operator decision, or null
 * @param operatorSeq arrival order of {@code operator}
 * @param detector latest detector decision, or null
 * @param detectorSeq arrival order of {@code detector}
 */
public record AccountDecisions(AccountDecision operator, long operatorSeq, AccountDecision detector, long detectorSeq) {
  public static final AccountDecisions NONE = new AccountDecisions(null, 0, null, 0);

  /** This state with {@code decision} added; a decision without a source counts as the detector's. */
  public AccountDecisions with(AccountDecision decision, long seq) {
    if (decision.source() == DecisionSource.operator) {
      return new AccountDecisions(decision, seq, detector, detectorSeq);
    }
    return new AccountDecisions(operator, operatorSeq, decision, seq);
  }

  /** The decision in force at {@code now}, by the precedence above. */
  public Optional<AccountDecision> effectiveAt(Instant now) {
    if (operator != null && !operator.expiredAt(now)) {
      return Optional.of(operator);
    }
    if (detector != null && !detector.expiredAt(now) && (operator == null || detectorSeq > operatorSeq)) {
      return Optional.of(detector);
    }
    return Optional.empty();
  }
}
