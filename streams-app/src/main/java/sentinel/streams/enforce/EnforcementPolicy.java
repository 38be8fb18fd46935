package sentinel.streams.enforce;

import java.util.Optional;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.common.contract.DecisionSource;
import sentinel.streams.detect.VolumeSpikeDetector;
import sentinel.streams.model.Alert;

/** Turns an account alert into the decision the hook enforces; IP alerts carry no account decision. */
public final class EnforcementPolicy {
  private final EnforcementSettings settings;

  public EnforcementPolicy(EnforcementSettings settings) {
    this.settings = settings;
  }

  public Optional<AccountDecision> decide(Alert alert) {
    if (alert.subject().startsWith("ip:")) {
      return Optional.empty();
    }
    boolean compromised = VolumeSpikeDetector.COMPROMISED.equals(alert.type());
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
