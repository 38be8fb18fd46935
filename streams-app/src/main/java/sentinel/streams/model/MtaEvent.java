package sentinel.streams.model;

import java.time.Instant;

/**
 * One meaningful MTA log line, after parsing and before correlation. Every event carries the host
 * it was logged on and the log's own time (not the time it was read).
 */
public sealed interface MtaEvent
    permits MtaEvent.AuthFailure,
        MtaEvent.AuthSuccess,
        MtaEvent.ProcessLogin,
        MtaEvent.SubmissionAuthenticated,
        MtaEvent.SubmissionInbound,
        MtaEvent.SubmissionLocal,
        MtaEvent.MessageReceived,
        MtaEvent.ProcessMessage,
        MtaEvent.LineContinuation,
        MtaEvent.QueueEntry,
        MtaEvent.RecipientOutcome,
        MtaEvent.RecipientOutcomes,
        MtaEvent.BounceNotification,
        MtaEvent.WarningNotification,
        MtaEvent.MessageRemoved {

  Instant time();

  String host();

  /** An SMTP AUTH attempt that failed; {@code account} is null when the MTA did not log it. */
  record AuthFailure(Instant time, String host, String clientIp, String mechanism, String account)
      implements MtaEvent {}

  /**
   * A successful SMTP AUTH seen on a line that queued no message (Exim {@code rejected RCPT} with
   * {@code A=}). {@code session} identifies the SMTP connection ({@code ip:port}), so one login is
   * counted once however many lines mention it.
   */
  record AuthSuccess(Instant time, String host, String session, String account, String method, String clientIp, String clientName)
      implements MtaEvent {}

  /**
   * A message submitted with SMTP AUTH (Postfix smtpd {@code client=…, sasl_username=…}). It is
   * also the successful login.
   */
  record SubmissionAuthenticated(
      Instant time, String host, String queueId, String account, String method, String clientIp, String clientName)
      implements MtaEvent {}

  /** A message received over SMTP without AUTH (Postfix smtpd {@code client=} alone): inbound mail, no account. */
  record SubmissionInbound(Instant time, String host, String queueId, String clientIp, String clientName) implements MtaEvent {}

  /**
   * One line that says everything about a received message (Exim {@code <=}): who submitted it, the
   * envelope sender and size, and the recipient count when the MTA logs the recipients.
   *
   * @param account SMTP AUTH user (normalised), null when not authenticated
   * @param localUser the local user of a local submission ({@code U=… P=local}), else null
   * @param session the SMTP connection ({@code ip:port}), null for local submissions
   * @param sender envelope sender, empty for the null sender {@code <>}
   * @param recipients recipient count, -1 when the line does not list the recipients
   * @param bounceOf for a bounce the MTA generated, the ID of the message that bounced, else null
   * @param split set when syslog split the line into parts: the recipients listed in this first
   *     part; the count is completed by the {@link LineContinuation}s of the same process
   */
  record MessageReceived(
      Instant time, String host, String queueId, String account, String localUser, String method, String clientIp,
      String clientName, String session, String sender, long size, int recipients, String bounceOf, SplitLine split)
      implements MtaEvent {}

  /**
   * The first part of a line syslog split ({@code [1/3] …}).
   *
   * @param pid the writing process, which ties the later parts to this one
   * @param parts how many parts the line has
   * @param words words (recipients) in this part
   * @param lastWordComplete false when the last word may run on into the next part
   */
  record SplitLine(String pid, int parts, int words, boolean lastWordComplete) {}

  /**
   * A later part of a line syslog split ({@code [2/3] …}): Exim splits lines longer than syslog
   * takes, so a long recipient list goes on here. Carries no message ID; the process ID ties it to
   * the first part.
   */
  record LineContinuation(Instant time, String host, String pid, int part, int parts, String text) implements MtaEvent {}

  /**
   * A successful SMTP AUTH logged once per SMTP session, on a line of its own with no queue ID
   * (Sendmail {@code AUTH=server, relay=…, authid=…, mech=…}). Every login line is one login. The
   * session's process logs its messages next ({@link ProcessMessage}), so {@code pid} is what ties
   * them to this account.
   *
   * @param pid the process that served the session; null when the frame names none
   */
  record ProcessLogin(Instant time, String host, String pid, String account, String method, String clientIp, String clientName)
      implements MtaEvent {}

  /**
   * A message entered the queue (Sendmail {@code from=…, size=…, nrcpts=…, proto=…, relay=…}). The
   * line names no account: an authenticated one belongs to the {@link ProcessLogin} of the same
   * process, a local one to the user in {@code relay=user@localhost}.
   *
   * @param pid the process that received it (the SMTP session's, or the local submitter's)
   * @param authenticated true when the protocol says the client authenticated ({@code ESMTPA}, {@code ESMTPSA})
   * @param localUser the submitting local user of a local submission, else null
   * @param sender envelope sender (lower case), empty for the null sender
   */
  record ProcessMessage(
      Instant time, String host, String queueId, String pid, boolean authenticated, String localUser, String clientIp,
      String clientName, String sender, long size, int recipients)
      implements MtaEvent {}

  /** A message handed over locally (Postfix pickup {@code uid=}, Exim {@code U= P=local}). */
  record SubmissionLocal(Instant time, String host, String queueId, String user) implements MtaEvent {}

  /** The queue manager took the message: envelope sender, size and recipient count. */
  record QueueEntry(Instant time, String host, String queueId, String sender, long size, int recipients)
      implements MtaEvent {}

  /**
   * What became of one recipient.
   *
   * @param recipient the recipient address (lower case), null when the MTA logs a message-level outcome (Postfix expiry)
   * @param local true when the message was delivered into a mailbox on this host (not relayed on)
   */
  record RecipientOutcome(
      Instant time, String host, String queueId, String recipient, Outcome outcome, String dsn, String relay, String reply,
      boolean local)
      implements MtaEvent {}

  /**
   * One delivery line that names several recipients (Sendmail {@code to=<a>,<b>,<c>, …}: all those
   * handed over in one SMTP transaction). Each counts as its own outcome.
   */
  record RecipientOutcomes(Instant time, String host, String queueId, java.util.List<RecipientOutcome> outcomes)
      implements MtaEvent {
    public RecipientOutcomes {
      outcomes = java.util.List.copyOf(outcomes);
    }
  }

  /**
   * The MTA generated a non-delivery notification for {@code queueId} as {@code bounceQueueId}. The
   * notification has the null sender, whether or not its own queue entry is logged.
   */
  record BounceNotification(Instant time, String host, String queueId, String bounceQueueId) implements MtaEvent {}

  /**
   * The MTA generated a notification that is not a bounce (Sendmail {@code sender notify: Warning:
   * could not send message for past …}, {@code postmaster notify}) for {@code queueId} as {@code
   * noticeQueueId}: null-sender mail, but no recipient failed.
   */
  record WarningNotification(Instant time, String host, String queueId, String noticeQueueId) implements MtaEvent {}

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
