package sentinel.hook.testing;

import java.time.Instant;
import java.util.List;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.common.contract.DecisionSource;

/** Short-hands for decisions in tests. */
public final class Decisions {
  private Decisions() {}

  public static AccountDecision detector(String account, Action action, int limit, Instant since, Instant expires) {
    return new AccountDecision(account, action, limit, List.of("detector says " + action), since, expires, DecisionSource.detector);
  }

  public static AccountDecision operator(String account, Action action, int limit, Instant since, Instant expires) {
    return new AccountDecision(account, action, limit, List.of("operator says " + action), since, expires, DecisionSource.operator);
  }
}
