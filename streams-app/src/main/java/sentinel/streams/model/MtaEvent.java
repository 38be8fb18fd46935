package sentinel.streams.model;

import java.time.Instant;

/**
 * One meaningful MTA log line, after parsing and before correlation. Every event carries the host
 * it was logged on and the log's own time (not the time it was read).
 */
public sealed interface MtaEvent
    permits MtaEvent.AuthFailure,
        MtaEvent.SubmissionAuthenticated,
        MtaEvent.SubmissionLocal,
        MtaEvent.QueueEntry,
        MtaEvent.RecipientOutcome,
        MtaEvent.BounceNotification,
        MtaEvent.MessageRemoved {

  Instant time();

  String host();

  /** An SMTP AUTH attempt that failed; {@code account} is null when the MTA did not log it. */
  record AuthFailure(Instant time, String host, String clientIp, String mechanism, String account)
      implements MtaEvent {}

  /**
   * A message submitted with SMTP AUTH (Postfix smtpd {@code client=…, sasl_username=…}, Exim
   * {@code <= … A=…}, Sendmail {@code AUTH=server … authid=}). It is also the successful login.
   */
  record SubmissionAuthenticated(
      Instant time, String host, String queueId, String account, String method, String clientIp, String clientName)
      implements MtaEvent {}

  /** A message handed over locally (Postfix pickup {@code uid=}, Exim {@code U= P=local}). */
  record SubmissionLocal(Instant time, String host, String queueId, String user) implements MtaEvent {}

  /** The queue manager took the message: envelope sender, size and recipient count. */
  record QueueEntry(Instant time, String host, String queueId, String sender, long size, int recipients)
      implements MtaEvent {}

  /** What became of one recipient. */
  record RecipientOutcome(
      Instant time, String host, String queueId, String recipient, Outcome outcome, String dsn, String relay, String reply)
      implements MtaEvent {}

  /** The MTA generated a non-delivery notification for {@code queueId} as {@code bounceQueueId}. */
  record BounceNotification(Instant time, String host, String queueId, String bounceQueueId) implements MtaEvent {}

  /** The message left the queue; its ID may be reused from now on. */
  record MessageRemoved(Instant time, String host, String queueId) implements MtaEvent {}

  /** Recipient outcomes as the MTAs log them. */
  enum Outcome {
    SENT,
    BOUNCED,
    DEFERRED,
    EXPIRED;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
