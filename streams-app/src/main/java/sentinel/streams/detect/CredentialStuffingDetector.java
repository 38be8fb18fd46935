package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A client IP that logged in successfully as {@code stuffingAccounts1h} or more accounts of at least
 * {@code stuffingDomains1h} domains within an hour holds a list of stolen passwords.
 */
public final class CredentialStuffingDetector {
  public static final String TYPE = "CREDENTIAL_STUFFING";
  private final SourceIpSettings s;

  public CredentialStuffingDetector(SourceIpSettings settings) {
    this.s = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    List<String> accounts = state.peersWithin(minute, 60);
    long domains = accounts.stream().map(a -> a.substring(a.indexOf('@') + 1)).distinct().count();
    if (accounts.size() < s.stuffingAccounts1h() || domains < s.stuffingDomains1h()) {
      return Optional.empty();
    }
    long first = state.peers().values().stream().filter(m -> m > minute - 60).mapToLong(Long::longValue).min().orElse(minute);
    int sends = state.messages().sum(minute, 60);
    return Optional.of(new Finding(TYPE, 0, "60m", accounts.size(), 0, Instant.ofEpochSecond(first * 60), List.of(),
        List.of("logged in successfully as " + accounts.size() + " accounts of " + domains + " domains in the last hour and sent "
            + sends + " messages: " + String.join(", ", accounts)),
        "Those passwords are known to an attacker: reset them all, block the IP, and check the accounts' recent mail."));
  }
}
