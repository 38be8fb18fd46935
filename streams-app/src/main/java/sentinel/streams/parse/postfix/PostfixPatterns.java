package sentinel.streams.parse.postfix;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sentinel.streams.model.MtaEvent;
import sentinel.streams.model.MtaEvent.Outcome;
import sentinel.streams.parse.ParseResult;
import sentinel.streams.parse.framing.FramedLine;

/**
 * The Postfix line shapes, one row each: which daemons log it, the pattern (anchored at the start
 * of the message, so a {@code sasl_username=} inside a header or a recipient cannot pass for a real
 * field), and what it means. A number that does not parse makes the line unsupported, never 0.
 */
final class PostfixPatterns {
  /** Short (hex) and long (base-52 plus 'z') Postfix queue IDs. */
  private static final String QID = "([0-9A-Za-z]{6,20})";
  private static final String CLIENT = "([^\\[\\s]*)\\[([^\\]]*)\\](?::\\d+)?";

  static final Set<String> IGNORED_DAEMONS = Set.of(
      "postscreen", "anvil", "master", "postfix-script", "scache", "tlsmgr", "dnsblog", "verify", "trivial-rewrite",
      "proxymap", "postlogd", "showq", "postqueue", "postsuper", "sendmail", "tlsproxy", "error", "discard", "flush");

  @FunctionalInterface
  interface Handler {
    ParseResult handle(Matcher m, FramedLine line, String host, String daemon);
  }

  /**
   * @param marker a literal the message must start with, after the queue ID when the pattern starts
   *     with one: checked before the regex runs, so most rows cost one {@code startsWith}; empty for
   *     rows whose start varies
   */
  record Row(Set<String> daemons, String marker, boolean afterQueueId, Pattern pattern, Handler handler) {
    Row(Set<String> daemons, String regex, Handler handler) {
      this(daemons, "", regex, handler);
    }

    /** The marker is checked after the queue ID when the pattern starts with one. */
    Row(Set<String> daemons, String marker, String regex, Handler handler) {
      this(daemons, marker, regex.startsWith(QID), Pattern.compile(regex), handler);
    }
  }

  private PostfixPatterns() {}

  static List<Row> rows() {
    Set<String> delivery = Set.of("smtp", "lmtp", "local", "virtual", "pipe", "error", "discard", "relay", "qmgr");
    return List.of(
        new Row(Set.of("smtpd"), "client=", QID + ": client=" + CLIENT + ", sasl_method=([^,]+), sasl_username=([^,\\s]+)",
            (m, l, h, d) -> parsed(d, new MtaEvent.SubmissionAuthenticated(
                l.time(), h, m.group(1), normalise(m.group(5)), m.group(4), m.group(3), m.group(2)))),
        new Row(Set.of("smtpd"), "client=", QID + ": client=" + CLIENT + "(?:$|, orig_)",
            (m, l, h, d) -> parsed(d, new MtaEvent.SubmissionInbound(l.time(), h, m.group(1), m.group(3), m.group(2)))),
        new Row(Set.of("smtpd"), "warning: ", "warning: " + CLIENT + ": SASL (\\S+) authentication failed(?:: [^,]*)?(?:, sasl_username=(\\S+))?",
            (m, l, h, d) -> parsed(d, new MtaEvent.AuthFailure(l.time(), h, m.group(2), m.group(3), accountOrNull(m.group(4))))),
        new Row(Set.of("smtpd"), "(?:connect|disconnect|lost connection|timeout|NOQUEUE|warning|improper command|too many errors|"
            + "Anonymous TLS|Trusted TLS|Untrusted TLS|Verified TLS|SSL_accept|proxy-(?:accept|reject)|reject|table|statistics|"
            + "[0-9A-Za-z]{6,20}: (?:reject|hold|discard|filter|redirect|warning))",
            (m, l, h, d) -> ignored(d, "connection-level line")),
        new Row(Set.of("qmgr"), "from=<", QID + ": from=<([^>]*)>, size=(\\d+), nrcpt=(\\d+)",
            (m, l, h, d) -> queueEntry(m, l, h, d)),
        new Row(Set.of("qmgr"), "removed", QID + ": removed", (m, l, h, d) -> parsed(d, new MtaEvent.MessageRemoved(l.time(), h, m.group(1)))),
        new Row(Set.of("qmgr"), "from=<", QID + ": from=<([^>]*)>, status=expired",
            (m, l, h, d) -> parsed(d, new MtaEvent.RecipientOutcome(
                l.time(), h, m.group(1), null, Outcome.EXPIRED, null, null, "expired", false))),
        new Row(delivery, "to=<", QID + ": to=<([^>]*)>,(?: orig_to=<[^>]*>,)? relay=([^,]+),(?: conn_use=\\d+,)? delay=[^,]*, delays=[^,]*, dsn=(\\d\\.\\d{1,3}\\.\\d{1,3}), "
            + "status=(sent|bounced|deferred|expired)",
            (m, l, h, d) -> parsed(d, new MtaEvent.RecipientOutcome(l.time(), h, m.group(1), m.group(2).toLowerCase(Locale.ROOT),
                outcome(m.group(5)), m.group(4), m.group(3), reply(l.message(), m.end()), isLocal(m.group(3))))),
        new Row(delivery, "(?:" + QID + ": (?:host|lost connection|conversation|enabling PIX|breaking line|to=)|connect to|warning)",
            (m, l, h, d) -> ignored(d, "delivery transport detail")),
        new Row(Set.of("qmgr"), "(?:" + QID + ": (?:skipped|from=<[^>]*>, status=)|warning|statistics)",
            (m, l, h, d) -> ignored(d, "queue housekeeping")),
        new Row(Set.of("bounce"), "sender ", QID + ": sender (?:non-delivery|delivery status|delay) notification: " + QID,
            (m, l, h, d) -> parsed(d, new MtaEvent.BounceNotification(l.time(), h, m.group(1), m.group(2)))),
        new Row(Set.of("pickup"), "uid=", QID + ": uid=(\\d+) from=<([^>]*)>",
            // Keyed by uid: the envelope sender is whatever the local program passed to sendmail -f.
            (m, l, h, d) -> parsed(d, new MtaEvent.SubmissionLocal(l.time(), h, m.group(1), m.group(2)))),
        new Row(Set.of("cleanup"), "(?:" + QID + ": (?:message-id=|resent-message-id=|milter-|warning|info|replace|redirect|hold|discard|reject)|warning)",
            (m, l, h, d) -> ignored(d, "cleanup detail")),
        new Row(Set.of("postscreen", "dnsblog", "anvil", "master", "postfix-script"),
            "(?:CONNECT from|PASS (?:OLD|NEW)|DNSBL rank|HANGUP|DISCONNECT|PREGREET|COMMAND|WHITELISTED|ALLOWLISTED|BARE NEWLINE|"
            + "NON-SMTP|DATA without|BDAT without|NOQUEUE|addr |statistics|daemon started|starting the Postfix|stopping the Postfix|waiting for the Postfix|"
            + "refreshing the Postfix|reload|terminating|warning)",
            (m, l, h, d) -> ignored(d, "daemon carries no account activity")));
  }

  /** The status word as an outcome, without upper-casing it first (this is the busiest row). */
  private static Outcome outcome(String status) {
    switch (status) {
      case "sent":
        return Outcome.SENT;
      case "bounced":
        return Outcome.BOUNCED;
      case "deferred":
        return Outcome.DEFERRED;
      default:
        return Outcome.EXPIRED;
    }
  }

  /** The text in parentheses after the status ({@code status=sent (250 2.0.0 Ok)}), cut by index, not by a {@code .*} group. */
  private static String reply(String message, int statusEnd) {
    if (message.startsWith(" (", statusEnd) && message.endsWith(")")) {
      return message.substring(statusEnd + 2, message.length() - 1);
    }
    return null;
  }

  /** Postfix writes {@code (unavailable)} when the SASL server went away before naming the user. */
  private static String accountOrNull(String logged) {
    return logged == null || logged.startsWith("(") ? null : normalise(logged);
  }

  /**
   * True for delivery into a mailbox here: local, virtual and pipe transports name no remote host,
   * and LMTP to a UNIX socket shows the socket path in brackets.
   */
  static boolean isLocal(String relay) {
    int bracket = relay.indexOf('[');
    if (bracket < 0) {
      return !relay.equals("none");
    }
    return relay.startsWith("private/", bracket + 1) || relay.startsWith("/", bracket + 1);
  }

  private static ParseResult queueEntry(Matcher m, FramedLine l, String host, String daemon) {
    try {
      long size = Long.parseLong(m.group(3));
      int nrcpt = Integer.parseInt(m.group(4));
      return parsed(daemon, new MtaEvent.QueueEntry(l.time(), host, m.group(1), m.group(2).toLowerCase(Locale.ROOT), size, nrcpt));
    } catch (NumberFormatException e) {
      return new ParseResult.Unsupported("postfix", daemon, "qmgr size or nrcpt out of range");
    }
  }

  private static ParseResult parsed(String daemon, MtaEvent event) {
    return new ParseResult.Parsed("postfix", daemon, event);
  }

  private static ParseResult ignored(String daemon, String reason) {
    return new ParseResult.Ignored("postfix", daemon, reason);
  }

  /** Accounts are compared case-insensitively, as SASL back ends do. */
  static String normalise(String account) {
    return account.toLowerCase(Locale.ROOT);
  }
}
