package sentinel.streams.parse.exim;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sentinel.streams.model.MtaEvent;
import sentinel.streams.model.MtaEvent.Outcome;
import sentinel.streams.parse.ParseResult;
import sentinel.streams.parse.framing.FramedLine;

/**
 * The Exim mainlog line shapes, one row each: the pattern (anchored at the start of the message,
 * after the timestamp and optional pid) and what it means. Field values are read with {@link
 * EximFields}, which stops at the first word that is not a field, so look-alike text in a subject
 * or a reason cannot pass for a field. A number that does not parse makes the line unsupported.
 */
final class EximPatterns {
  /** Exim message IDs: 6-6-2 before 4.97, 6-11-4 since. */
  static final String MID = "([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})";
  /** An SMTP reply code followed by its enhanced status code, e.g. {@code 550 5.1.1}. */
  private static final Pattern DSN = Pattern.compile("\\b[245]\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

  @FunctionalInterface
  interface Handler {
    ParseResult handle(Matcher m, FramedLine line, String host);
  }

  /**
   * @param marker a literal the message must start with (after the message ID and a space when the
   *     pattern starts with one), checked before the regex runs; empty for rows whose start varies
   * @param afterMessageId true when the pattern starts with a message ID
   */
  record Row(String marker, boolean afterMessageId, Pattern pattern, Handler handler) {
    Row(String regex, Handler handler) {
      this("", regex, handler);
    }

    Row(String marker, String regex, Handler handler) {
      this(marker, regex.startsWith(MID), Pattern.compile(regex), handler);
    }
  }

  private EximPatterns() {}

  static List<Row> rows() {
    return List.of(
        new Row("<= ", MID + " <= (\\S+)(?: |$)", EximPatterns::received),
        new Row("=> ", MID + " (=>) ", (m, l, h) -> outcome(m, l, h, Outcome.SENT)),
        new Row("-> ", MID + " (->) ", (m, l, h) -> outcome(m, l, h, Outcome.SENT)),
        new Row("** ", MID + " \\*\\* ", (m, l, h) -> outcome(m, l, h, Outcome.BOUNCED)),
        new Row("== ", MID + " == ", (m, l, h) -> outcome(m, l, h, Outcome.DEFERRED)),
        new Row("Completed", MID + " Completed", (m, l, h) -> parsed(new MtaEvent.MessageRemoved(l.time(), h, m.group(1)))),
        new Row(MID + " (?:\\*>|\\*\\*\\*|Frozen|Unfrozen|Message is frozen|SMTP error|Spool file|removed by|cancelled by|"
            + "H=|SMTP connection|SMTP data timeout|Warning|DKIM|no immediate delivery|retry time not reached|"
            + "Sender identification|error ignored|Error while|Remote host|Message |Frozen)",
            (m, l, h) -> ignored("message detail")),
        new Row("(\\S+) authenticator failed for (?:H=)?(.*?)\\[([^\\]]+)\\](?::\\d+)?: (?:.*?)(?: \\(set_id=(.*)\\))?$",
            (m, l, h) -> parsed(new MtaEvent.AuthFailure(l.time(), h, m.group(3), m.group(1), account(m.group(4))))),
        new Row("H=", "H=", EximPatterns::sessionLine),
        new Row("(?:SMTP connection|no MAIL in|no host name found|Start queue run|End queue run|exim \\S+ daemon started|"
            + "(?:TLS|SMTP) (?:error|protocol|command|data|syntax|call)|unexpected disconnection|Connection from|"
            + "rejected (?:EHLO|HELO)|refused relay|Warning|DKIM|cwd=|daemon:|SMTP call|TLS session|\\d+ messages? in queue|"
            + "pid \\d+|Spool|sender verify|[Ll]ost connection|Accepting|ratelimit|log writing)",
            (m, l, h) -> ignored("connection-level line")));
  }

  /** {@code <=}: a message received. Local bounces ({@code <= <> R=<id>}) name the message that bounced. */
  private static ParseResult received(Matcher m, FramedLine l, String host) {
    String msg = l.message();
    String sender = unbracket(m.group(2));
    EximFields f = EximFields.read(msg, m.end());
    String auth = f.get("A");
    String account = auth == null ? null : account(auth.indexOf(':') < 0 ? null : auth.substring(auth.indexOf(':') + 1));
    String method = auth == null ? null : auth.indexOf(':') < 0 ? auth : auth.substring(0, auth.indexOf(':'));
    String protocol = f.get("P");
    String localUser = protocol != null && protocol.startsWith("local") ? f.get("U") : null;
    if (!f.has("S")) {
      // Exim always logs the size: a receive line without it was cut off, and may have lost A=.
      return new ParseResult.Unsupported("exim", "exim", "receive line cut off");
    }
    long size;
    try {
      size = Long.parseLong(f.get("S"));
    } catch (NumberFormatException e) {
      return new ParseResult.Unsupported("exim", "exim", "size out of range");
    }
    int recipients = recipients(msg, f.end());
    String hostValue = f.get("H");
    String bounceOf = sender.isEmpty() && f.has("R") ? f.get("R") : null;
    return parsed(new MtaEvent.MessageReceived(l.time(), host, m.group(1), account, localUser, method, EximFields.ip(hostValue),
        EximFields.hostName(hostValue), EximFields.session(hostValue), sender.toLowerCase(Locale.ROOT), size, recipients, bounceOf, null));
  }

  /** The recipients after {@code for} (log_selector +received_recipients); -1 when not logged. */
  private static int recipients(String msg, int from) {
    if (!msg.startsWith("for ", from)) {
      return -1;
    }
    int count = 0;
    int i = from + 4;
    while (i < msg.length()) {
      while (i < msg.length() && msg.charAt(i) == ' ') {
        i++;
      }
      if (i >= msg.length()) {
        break;
      }
      int sp = msg.indexOf(' ', i);
      count++;
      i = sp < 0 ? msg.length() : sp;
    }
    return count;
  }

  private static ParseResult outcome(Matcher m, FramedLine l, String host, Outcome outcome) {
    String msg = l.message();
    int start = m.end();
    int sp = msg.indexOf(' ', start);
    String first = msg.substring(start, sp < 0 ? msg.length() : sp);
    String recipient = first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    int next = sp < 0 ? msg.length() : sp + 1;
    // "=> bob <bob@example.test>": the routed local part first, then the address as sent.
    if (next < msg.length() && msg.charAt(next) == '<') {
      int close = msg.indexOf('>', next);
      if (close > 0) {
        recipient = msg.substring(next + 1, close);
        next = close + 1;
      }
    }
    EximFields f = EximFields.read(msg, next);
    String reason = null;
    int colon = msg.indexOf(": ", f.end() > next ? Math.min(f.end(), msg.length()) - 1 : next - 1);
    if (outcome != Outcome.SENT && colon >= 0) {
      reason = msg.substring(colon + 2);
    }
    String dsn = outcome == Outcome.SENT ? "2.0.0" : dsn(reason != null ? reason : msg.substring(next));
    String relay = f.has("H") ? f.get("H") : f.get("T");
    String reply = outcome == Outcome.SENT ? unquote(f.get("C")) : reason;
    boolean local = outcome == Outcome.SENT && !f.has("H");
    return parsed(new MtaEvent.RecipientOutcome(l.time(), host, m.group(1), recipient.toLowerCase(Locale.ROOT), outcome, dsn, relay,
        reply, local));
  }

  /** {@code H=… A=auth:user rejected RCPT …}: the session authenticated even though nothing was queued. */
  private static ParseResult sessionLine(Matcher m, FramedLine l, String host) {
    EximFields f = EximFields.read(l.message(), 0);
    String auth = f.get("A");
    if (auth == null || auth.indexOf(':') < 0) {
      return ignored("unauthenticated session line");
    }
    String hostValue = f.get("H");
    String account = account(auth.substring(auth.indexOf(':') + 1));
    if (account == null) {
      return ignored("unauthenticated session line");
    }
    return parsed(new MtaEvent.AuthSuccess(l.time(), host, EximFields.session(hostValue), account, auth.substring(0, auth.indexOf(':')),
        EximFields.ip(hostValue), EximFields.hostName(hostValue)));
  }

  static String dsn(String text) {
    if (text == null) {
      return null;
    }
    Matcher d = DSN.matcher(text);
    return d.find() ? d.group(1) : null;
  }

  private static String account(String user) {
    return user == null || user.isBlank() ? null : user.toLowerCase(Locale.ROOT);
  }

  private static String unbracket(String address) {
    return address.startsWith("<") && address.endsWith(">") ? address.substring(1, address.length() - 1) : address;
  }

  private static String unquote(String v) {
    return v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  private static ParseResult parsed(MtaEvent event) {
    return new ParseResult.Parsed("exim", "exim", event);
  }

  private static ParseResult ignored(String reason) {
    return new ParseResult.Ignored("exim", "exim", reason);
  }
}
