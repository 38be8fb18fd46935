package sentinel.streams.simulate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Writes the lines real Postfix 3.7 logs for the things the simulator makes happen, in Postfix's
 * own format (the shapes are those of the lab's real Postfix, see the test fixtures).
 */
public final class PostfixLogWriter {
  /** Classic syslog pads the day with a space ("Oct  5"), so the timestamp is always 15 characters. */
  private static final DateTimeFormatter CLASSIC = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private static final String HEX = "0123456789ABCDEF";
  private final String host;
  private final ZoneId zone;
  private final RandomGenerator random;
  private int pid = 4000;

  public PostfixLogWriter(String host, ZoneId zone, RandomGenerator random) {
    this.host = host;
    this.zone = zone;
    this.random = random;
  }

  /**
   * A message submitted with SMTP AUTH and delivered; recipients whose local part starts with "nouser"
   * bounce as unknown users (5.1.1), with "blocked" on a blocklist (5.7.1).
   */
  public List<String> authenticatedMessage(Instant t, String account, String clientIp, List<String> recipients) {
    String qid = queueId();
    List<String> lines = new ArrayList<>();
    lines.add(line(t, "postfix/submission/smtpd", nextPid(), qid + ": client=unknown[" + clientIp + "], sasl_method=LOGIN, sasl_username=" + account));
    lines.add(line(t, "postfix/cleanup", nextPid(), qid + ": message-id=<" + qid.toLowerCase(Locale.ROOT) + "@" + domainOf(account) + ">"));
    lines.add(line(t, "postfix/qmgr", 1200, qid + ": from=<" + account + ">, size=" + (900 + random.nextInt(4000)) + ", nrcpt=" + recipients.size() + " (queue active)"));
    for (String rcpt : recipients) {
      lines.add(delivery(t, qid, rcpt));
    }
    lines.add(line(t, "postfix/qmgr", 1200, qid + ": removed"));
    return lines;
  }

  /**
   * A message a local program handed to {@code sendmail} (a PHP form, a CGI mailer): Postfix's pickup
   * logs the uid and the sender, no client IP.
   */
  public List<String> localMessage(Instant t, int uid, String user, List<String> recipients) {
    String qid = queueId();
    List<String> lines = new ArrayList<>();
    lines.add(line(t, "postfix/pickup", nextPid(), qid + ": uid=" + uid + " from=<" + user + ">"));
    lines.add(line(t, "postfix/cleanup", nextPid(), qid + ": message-id=<" + qid.toLowerCase(Locale.ROOT) + "@" + host + ">"));
    lines.add(line(t, "postfix/qmgr", 1200, qid + ": from=<" + user + "@" + host + ">, size=" + (700 + random.nextInt(2000))
        + ", nrcpt=" + recipients.size() + " (queue active)"));
    for (String rcpt : recipients) {
      lines.add(delivery(t, qid, rcpt));
    }
    lines.add(line(t, "postfix/qmgr", 1200, qid + ": removed"));
    return lines;
  }

  /**
   * A bounce from another server (null sender) for mail this mailbox never sent, delivered into the
   * local mailbox: what backscatter from forged mail looks like.
   */
  public List<String> inboundBounce(Instant t, String remoteIp, String mailbox) {
    String qid = queueId();
    return List.of(
        line(t, "postfix/smtpd", nextPid(), qid + ": client=mail.remote.example[" + remoteIp + "]"),
        line(t, "postfix/cleanup", nextPid(), qid + ": message-id=<" + qid.toLowerCase(Locale.ROOT) + "@mail.remote.example>"),
        line(t, "postfix/qmgr", 1200, qid + ": from=<>, size=" + (2500 + random.nextInt(3000)) + ", nrcpt=1 (queue active)"),
        line(t, "postfix/virtual", nextPid(), qid + ": to=<" + mailbox + ">, relay=virtual, delay=0.05, delays=0.02/0/0/0.03, dsn=2.0.0, "
            + "status=sent (delivered to maildir)"),
        line(t, "postfix/qmgr", 1200, qid + ": removed"));
  }

  public String authFailure(Instant t, String clientIp, String account) {
    return line(t, "postfix/submission/smtpd", nextPid(), "warning: unknown[" + clientIp + "]: SASL LOGIN authentication failed: "
        + "(reason unavailable), sasl_username=" + account);
  }

  private String delivery(Instant t, String qid, String rcpt) {
    String relay = "mx." + domainOf(rcpt) + "[192.0.2." + (1 + random.nextInt(250)) + "]:25";
    if (rcpt.startsWith("blocked")) {
      return line(t, "postfix/smtp", nextPid(), qid + ": to=<" + rcpt + ">, relay=" + relay + ", delay=0.3, delays=0.1/0/0.1/0.1, dsn=5.7.1, "
          + "status=bounced (host " + relay.replace(":25", "") + " said: 554 5.7.1 Service unavailable; Client host blocked using a DNS"
          + " blocklist (in reply to RCPT TO command))");
    }
    if (rcpt.startsWith("nouser")) {
      return line(t, "postfix/smtp", nextPid(), qid + ": to=<" + rcpt + ">, relay=" + relay + ", delay=0.2, delays=0.1/0/0.05/0.05, dsn=5.1.1, "
          + "status=bounced (host " + relay.replace(":25", "") + " said: 550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown (in reply to RCPT TO command))");
    }
    return line(t, "postfix/smtp", nextPid(), qid + ": to=<" + rcpt + ">, relay=" + relay + ", delay=0.1, delays=0.05/0/0.03/0.02, dsn=2.0.0, "
        + "status=sent (250 2.0.0 Ok: queued as " + queueId() + ")");
  }

  private String line(Instant t, String program, int procId, String message) {
    return CLASSIC.format(t.atZone(zone)) + " " + host + " " + program + "[" + procId + "]: " + message;
  }

  private int nextPid() {
    pid = pid >= 32000 ? 4000 : pid + 1 + random.nextInt(3);
    return pid;
  }

  private String queueId() {
    StringBuilder sb = new StringBuilder(11);
    for (int i = 0; i < 11; i++) {
      sb.append(HEX.charAt(random.nextInt(16)));
    }
    return sb.toString();
  }

  private static String domainOf(String address) {
    int at = address.indexOf('@');
    return at < 0 ? "localhost" : address.substring(at + 1);
  }
}
