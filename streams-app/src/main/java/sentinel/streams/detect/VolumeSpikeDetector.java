package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An account sending, in 10 or 60 minutes, more than {@code factor} normal busy hours' worth of
 * messages or recipients (plus a slack), or more than the absolute ceiling while it has no learned
 * baseline yet, has a volume spike.
 */
public final class VolumeSpikeDetector {
  public static final String TYPE = "VOLUME_SPIKE";
  static final int SCORE = 2;
  private final VolumeSettings s;

  public VolumeSpikeDetector(VolumeSettings settings) {
    this.s = settings;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    Baseline b = state.baseline();
    long hour = minute / 60;
    boolean learned = b.learned(s);
    double refM = b.referenceMessages(hour, s);
    double refR = b.referenceRecipients(hour, s);
    int m10 = state.messages().sum(minute, 10);
    int r10 = state.recipients().sum(minute, 10);
    int m60 = state.messages().sum(minute, 60);
    int r60 = state.recipients().sum(minute, 60);
    double tm10 = learned ? s.factor() * refM + s.slackMessages10m() : s.ceilingMessages10m();
    double tr10 = learned ? s.factor() * refR + s.slackRecipients10m() : s.ceilingRecipients10m();
    double tm60 = learned ? s.factor() * refM + s.slackMessages60m() : s.ceilingMessages60m();
    double tr60 = learned ? s.factor() * refR + s.slackRecipients60m() : s.ceilingRecipients60m();
    String window;
    int span;
    double observed;
    double threshold;
    if (m10 >= tm10 || r10 >= tr10) {
      window = "10m";
      span = 10;
      observed = m10;
      threshold = m10 >= tm10 ? tm10 : tr10;
    } else if (m60 >= tm60 || r60 >= tr60) {
      window = "60m";
      span = 60;
      observed = m60;
      threshold = m60 >= tm60 ? tm60 : tr60;
    } else {
      return Optional.empty();
    }
    int messages = span == 10 ? m10 : m60;
    int recipients = span == 10 ? r10 : r60;
    // Built on every evaluation while a spike lasts, so without String.format (same text, %.0f is half-up).
    String normal = learned
        ? "normal for this account is about " + Math.round(refM) + " messages / " + Math.round(refR) + " recipients in a busy hour;"
            + " threshold " + Math.round(threshold)
        : "the account has no learned baseline yet (" + b.activeHours() + " active hours); ceiling " + Math.round(threshold);
    String reason = messages + " messages to " + recipients + " recipients in the last " + span + " minutes (" + normal + ")";
    Instant since = Finding.since(state.messages(), minute, span, Instant.ofEpochSecond(minute * 60));
    return Optional.of(new Finding(TYPE, SCORE, window, observed, learned ? refM : 0, since,
        state.clientIpsWithin(minute, span), List.of(reason),
        "Unusual volume: confirm with the customer that this mailing is intended; if not, reset the password."));
  }
}
