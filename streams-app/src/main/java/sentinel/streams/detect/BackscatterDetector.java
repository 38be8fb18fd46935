package sentinel.streams.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A flood of bounces (null sender, MAILER-DAEMON) into a local mailbox is BACKSCATTER when the
 * account sends no more than usual (someone forges its address elsewhere), and corroborates a
 * compromise (INBOUND_BOUNCES) when its own outbound mail grew at the same time.
 */
public final class BackscatterDetector {
  public static final String TYPE = "BACKSCATTER";
  public static final String CORROBORATES = "INBOUND_BOUNCES";
  private final BounceSettings s;
  private final VolumeSettings volume;

  public BackscatterDetector(BounceSettings settings, VolumeSettings volume) {
    this.s = settings;
    this.volume = volume;
  }

  public Optional<Finding> evaluate(SubjectState state, long minute) {
    int inbound = state.inboundBounces().sum(minute, 60);
    if (inbound < s.backscatterMin1h()) {
      return Optional.empty();
    }
    int sent = state.messages().sum(minute, 60);
    double normal = state.baseline().learned(volume) ? state.baseline().referenceMessages(minute / 60, volume) : 0;
    boolean grew = sent >= s.growthFactor() * normal + s.growthSlack();
    Instant since = Finding.since(state.inboundBounces(), minute, 60, Instant.ofEpochSecond(minute * 60));
    if (grew) {
      return Optional.of(new Finding(CORROBORATES, 1, "60m", inbound, normal, since, List.of(),
          List.of(inbound + " bounces came back to this mailbox in the last hour while it sent " + sent
              + (sent == 1 ? " message" : " messages") + " itself: its own mail is bouncing"),
          "The bounces are the account's own mail coming back."));
    }
    return Optional.of(new Finding(TYPE, 0, "60m", inbound, normal, since, List.of(),
        List.of(inbound + " bounces (null sender / MAILER-DAEMON) were delivered to this mailbox in the last hour, while the account"
            + " sent only " + sent + (sent == 1 ? " message" : " messages") + " itself (normal about " + Math.round(normal) + " an hour): someone forges this"
            + " address elsewhere"),
        "Not a compromise: do not reset the password. Publish a DMARC policy p=reject for the domain and check that SPF and"
            + " DKIM are set up, so that receivers reject the forgeries instead of bouncing them here; consider filtering"
            + " bounces that do not match a message this server sent (BATV/PRVS)."));
  }
}
