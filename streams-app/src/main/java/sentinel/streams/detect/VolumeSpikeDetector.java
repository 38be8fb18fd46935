package sentinel.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account sending more messages or recipients in 10 minutes than its ceiling is a volume spike;
 * if the mail also comes from many client IPs, the account is compromised.
 */
public final class VolumeSpikeDetector {
  static final int WINDOW_MINUTES = 10;
  public static final String SPIKE = "VOLUME_SPIKE";
  public static final String COMPROMISED = "COMPROMISED";

  private final DetectionSettings settings;

  public VolumeSpikeDetector(DetectionSettings settings) {
    this.settings = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, Instant now) {
    long minute = now.getEpochSecond() / 60;
    int messages = state.messages().sum(minute, WINDOW_MINUTES);
    int recipients = state.recipients().sum(minute, WINDOW_MINUTES);
    boolean overMessages = messages >= settings.messagesCeiling10m();
    boolean overRecipients = recipients >= settings.recipientsCeiling10m();
    if (!overMessages && !overRecipients) {
      return Optional.empty();
    }
    List<String> ips = state.clientIpsWithin(minute, WINDOW_MINUTES);
    List<String> reasons = new ArrayList<>();
    reasons.add(messages + " messages to " + recipients + " recipients in the last 10 minutes (ceiling "
        + settings.messagesCeiling10m() + " messages / " + settings.recipientsCeiling10m() + " recipients)");
    boolean manyIps = ips.size() >= settings.compromiseMinClientIps();
    if (manyIps) {
      reasons.add("sent through SMTP AUTH from " + ips.size() + " different client IPs in 10 minutes");
      return Optional.of(new Finding(COMPROMISED, Finding.Severity.critical, "10m", messages, 0, ips, reasons,
          "Password very likely leaked: reset the account's password now, then review the held mail"
              + " (postqueue -p; release with postsuper -H, delete spam with postsuper -d) and check the"
              + " server's IP against blocklists."));
    }
    return Optional.of(new Finding(SPIKE, Finding.Severity.warning, "10m", messages, 0, ips, reasons,
        "Unusual volume: confirm with the customer that this mailing is intended; if not, reset the password."));
  }
}
