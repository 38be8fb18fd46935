package sentinel.streams.correlate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What is known so far about one queued message (or, for session markers, one SMTP connection) on
 * one host: who submitted it, its envelope, and the per-recipient bookkeeping that keeps totals
 * exact.
 *
 * @param account submitting account, null until known (and for unauthenticated inbound mail)
 * @param sender envelope sender; empty for the null sender, null until known
 * @param recipients recipient count from the queue manager or the receive line, -1 until known
 * @param submissionCounted true once the message was counted for its account, so it never counts twice
 * @param removedAt when the MTA removed it; the entry lingers a little for late lines, then goes
 * @param submitterKnown true once the line naming the submitter (or saying there is none) arrived
 * @param deferred recipients already reported as deferred: retries are not counted again
 * @param seen distinct recipients with an outcome, kept only while the recipient count is unknown
 *     (Exim without {@code received_recipients}): the message is counted at completion with this size
 * @param buffered outcomes that arrived before the submitter was known, emitted once it is
 * @param split while syslog parts of the receive line are outstanding: recipients so far; on a
 *     continuation marker (key {@code host|part:<pid>}), {@code split.queueId} names the message
 */
public record PendingMessage(
    String account,
    String clientIp,
    String sender,
    int recipients,
    Instant firstSeen,
    boolean submissionCounted,
    Instant removedAt,
    boolean submitterKnown,
    List<String> deferred,
    List<String> seen,
    List<BufferedOutcome> buffered,
    Split split) {

  public PendingMessage {
    deferred = deferred == null ? List.of() : List.copyOf(deferred);
    seen = seen == null ? List.of() : List.copyOf(seen);
    buffered = buffered == null ? List.of() : List.copyOf(buffered);
  }

  /** Recipients counted so far from a split receive line, and whether its last word may run on. */
  public record Split(String queueId, int words, boolean lastWordComplete, int partsLeft) {
    /** The count after the next syslog part of the line, whose text runs on from this one. */
    Split continuedWith(String text) {
      int more = 0;
      boolean firstHasAt = false;
      boolean lastHasAt = lastWordComplete;
      for (String w : text.trim().split(" +")) {
        if (w.isEmpty()) {
          continue;
        }
        if (more == 0) {
          firstHasAt = w.indexOf('@') >= 0;
        }
        lastHasAt = w.indexOf('@') >= 0;
        more++;
      }
      // Syslog cuts at a byte count, not at a space: a word split in two is one recipient.
      boolean joined = more > 0 && !text.startsWith(" ") && (!lastWordComplete || !firstHasAt);
      return new Split(queueId, words + more - (joined ? 1 : 0), lastHasAt, partsLeft - 1);
    }
  }

  /** An outcome held back until the message's submitter is known. */
  public record BufferedOutcome(String recipient, String outcome, String dsn, boolean local, Instant time, Instant readAt) {}

  static PendingMessage first(Instant time) {
    return new PendingMessage(null, null, null, -1, time, false, null, false, List.of(), List.of(), List.of(), null);
  }

  PendingMessage withSubmitter(String newAccount, String newClientIp) {
    return new PendingMessage(newAccount, newClientIp, sender, recipients, firstSeen, submissionCounted, removedAt, true,
        deferred, seen, buffered, split);
  }

  PendingMessage withEnvelope(String newSender, int newRecipients) {
    return new PendingMessage(account, clientIp, newSender, newRecipients, firstSeen, submissionCounted, removedAt,
        submitterKnown, deferred, seen, buffered, split);
  }

  PendingMessage counted() {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, true, removedAt, submitterKnown, deferred,
        seen, buffered, split);
  }

  PendingMessage removed(Instant at) {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, at, submitterKnown,
        deferred, seen, buffered, split);
  }

  PendingMessage withSplit(Split newSplit) {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt, submitterKnown,
        deferred, seen, buffered, newSplit);
  }

  PendingMessage withDeferred(String recipient) {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt, submitterKnown,
        plus(deferred, recipient), seen, buffered, split);
  }

  PendingMessage withSeen(String recipient) {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt, submitterKnown,
        deferred, plus(seen, recipient), buffered, split);
  }

  PendingMessage withBuffered(BufferedOutcome outcome) {
    List<BufferedOutcome> more = new ArrayList<>(buffered);
    more.add(outcome);
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt, submitterKnown,
        deferred, seen, more, split);
  }

  PendingMessage withoutBuffered() {
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt, submitterKnown,
        deferred, seen, List.of(), split);
  }

  boolean readyToCount() {
    return !submissionCounted && account != null && recipients >= 0;
  }

  /**
   * True when an outcome can be tied now: the submitter is known, or the message has the null
   * sender (a bounce the MTA generated itself has no submission line at all).
   */
  boolean outcomesDecidable() {
    return submitterKnown || "".equals(sender);
  }

  private static List<String> plus(List<String> list, String item) {
    if (item == null || list.contains(item)) {
      return list;
    }
    List<String> more = new ArrayList<>(list);
    more.add(item);
    return more;
  }
}
