package sentinel.streams.enforce;

import java.util.Optional;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.common.contract.DecisionSource;
import sentinel.streams.detect.Verdict;
import sentinel.streams.model.Alert;

/**
 * Turns an account verdict into the decision the hook enforces. IP alerts carry no account decision,
 * and neither does BACKSCATTER: the account is the victim of forgery, not the sender.
 */
public final class EnforcementPolicy {
  private final EnforcementSettings settings;

  public EnforcementPolicy(EnforcementSettings settings) {
    this.settings = settings;
  }

  public Optional<AccountDecision> decide(Alert alert) {
    if (alert.subject().startsWith("ip:") || Verdict.BACKSCATTER.equals(alert.type())) {
      return Optional.empty();
    }
    boolean compromised = Verdict.COMPROMISED.equals(alert.type());
    Action action = compromised ? settings.compromisedAction() : settings.suspiciousAction();
    if (action == Action.NONE) {
      return Optional.empty();
    }
    return Optional.of(new AccountDecision(
        alert.subject(), action, action == Action.THROTTLE ? settings.throttlePerHour() : 0,
        alert.reasons(), alert.detectedAt(),
        action == Action.THROTTLE ? alert.detectedAt().plus(settings.throttleFor()) : null,
        DecisionSource.detector));
  }
}
