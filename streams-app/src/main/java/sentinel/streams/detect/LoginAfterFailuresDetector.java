package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An account that, after {@code accountFailures1h} or more failed logins in the hour, logged in
 * successfully from one of the IPs that failed had its password guessed. (A customer whose phone
 * keeps an old password fails from home and succeeds from home too, but rarely that often; random
 * guessing from elsewhere while the customer sends from home is not a success of the guesser.)
 */
public final class LoginAfterFailuresDetector {
  public static final String TYPE = "LOGIN_AFTER_FAILURES";
  private final SourceIpSettings s;

  public LoginAfterFailuresDetector(SourceIpSettings settings) {
    this.s = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    int failures = state.authFailures().sum(minute, 60);
    if (failures < s.accountFailures1h()) {
      return Optional.empty();
    }
    Instant firstFailure = Finding.since(state.authFailures(), minute, 60, Instant.ofEpochSecond(minute * 60));
    int span = (int) (minute - firstFailure.getEpochSecond() / 60 + 1);
    int sentSince = state.messages().sum(minute, span);
    List<String> guessers = state.peersWithin(minute, 60);
    List<String> gotIn = state.clientIpsWithin(minute, span).stream().filter(guessers::contains).toList();
    if (sentSince == 0 || gotIn.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Finding(TYPE, 2, "60m", failures, 0, firstFailure, gotIn,
        List.of(failures + " failed SMTP AUTH attempts for this account since " + firstFailure
            + ", then a successful login from " + String.join(", ", gotIn) + " (which had failed before) that sent "
            + sentSince + " messages: the password was guessed"),
        "Reset the password to a strong one and tell the customer; block the guessing IPs."));
  }
}
