package sentinel.streams.correlate;

import java.time.Instant;

/**
 * What is known so far about one queued message on one host: who submitted it (once the smtpd,
 * pickup or Exim/Sendmail line arrived) and its envelope (once the queue manager logged it).
 *
 * @param account submitting account, null until known (and for unauthenticated inbound mail)
 * @param recipients recipient count from the queue manager, -1 until known
 * @param submissionCounted true once the message was counted for its account, so it never counts twice
 * @param removedAt when the MTA removed it; the entry lingers a little for late lines, then goes
 */
public record PendingMessage(
    String account, String clientIp, String sender, int recipients, Instant firstSeen, boolean submissionCounted, Instant removedAt) {

  static PendingMessage first(Instant time) {
    return new PendingMessage(null, null, null, -1, time, false, null);
  }

  PendingMessage withSubmitter(String newAccount, String newClientIp) {
    return new PendingMessage(newAccount, newClientIp, sender, recipients, firstSeen, submissionCounted, removedAt);
  }

  PendingMessage withEnvelope(String newSender, int newRecipients) {
    return new PendingMessage(account, clientIp, newSender, newRecipients, firstSeen, submissionCounted, removedAt);
  }

  PendingMessage counted() {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, true, removedAt);
  }

  PendingMessage removed(Instant at) {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, at);
  }

  boolean readyToCount() {
    return !submissionCounted && account != null && recipients >= 0;
  }
}
