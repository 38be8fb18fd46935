package sentinel.streams.parse.sendmail;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sentinel.streams.model.MtaEvent;
import sentinel.streams.model.MtaEvent.Outcome;
import sentinel.streams.parse.ParseResult;

/**
 * The Sendmail line shapes, one row each: a literal the message must start with after its queue ID
 * (checked before any regex runs), whether the shape always carries a queue ID, the pattern
 * (anchored there) and what it means. A number that does not parse makes the line unsupported,
 * never 0.
 */
final class SendmailPatterns {
  private static final String QID = "([0-9A-Za-z]{8,20})";

  @FunctionalInterface
  interface Handler {
    ParseResult handle(Matcher m, SendmailLine line);
  }

  /**
   * @param prefix literal the message must start with at the body (after the queue ID); empty for
   *     shapes that start with a variable part
   * @param needsQueueId true when the shape always follows a queue ID
   */
  record Row(String prefix, boolean needsQueueId, Pattern pattern, Handler handler) {
    Row(String prefix, boolean needsQueueId, String regex, Handler handler) {
      this(prefix, needsQueueId, Pattern.compile(regex), handler);
    }
  }

  private SendmailPatterns() {}

  static List<Row> rows() {
    return List.of(
        // A third of a busy log can be this (every `mailq` run when the host's own address has no name).
        new Row("gethostbyaddr(", false, "gethostbyaddr\\(", (m, l) -> ignored(l, "host name lookup failed")),
        new Row("to=", true, "to=", SendmailPatterns::delivery),
        new Row("from=", true, "from=(<[^>]*>|[^,\\s]*), size=(\\d+), class=(-?\\d+), nrcpts=(\\d+)", SendmailPatterns::envelope),
        new Row("AUTH=server, ", false, "AUTH=server, relay=([^,]*), authid=([^,]*), mech=([^,\\s]+)", SendmailPatterns::login),
        new Row("AUTH failure (", false, "AUTH failure \\(([^)\\s]*)\\): ", SendmailPatterns::authFailure),
        new Row("done; ", true, "done; ", (m, l) -> parsed(l, new MtaEvent.MessageRemoved(l.frame().time(), l.host(), l.queueId()))),
        new Row("connect from ", false, "connect from ", (m, l) -> ignored(l, "connection opened")),
        new Row("<", false, "<[^>]*>\\.\\.\\. ", (m, l) -> ignored(l, "recipient refused at RCPT")),
        new Row("ruleset=", false, "ruleset=", (m, l) -> ignored(l, "refused by a ruleset")),
        new Row("AUTH", false, "AUTH(?:=client, |: | warning)", (m, l) -> ignored(l, "AUTH detail")),
        new Row("", true, QID + ": (DSN|return to sender|sender notify|postmaster notify): ", SendmailPatterns::notification),
        new Row("", false, "(?:\\S+ )?\\[[^\\]]*\\](?: \\(may be forged\\))? did not issue ",
            (m, l) -> ignored(l, "session ended without a message")),
        new Row("", false, "(?:SYSERR|STARTTLS|ALERT|lost input channel|timeout waiting for input|collect: |rejecting connections|"
            + "accepting connections|starting daemon|started as: |stopping daemon|restarting|alias database|/\\S+: \\d+ aliases|"
            + "[Mm]ilter|clone |discarded|headers too large|makeconnection|Authentication-Warning|Possible SMTP RCPT flood|"
            + "low on space|runqueue|grew WorkList|Losing |savemail|tls_|--- )",
            (m, l) -> ignored(l, "daemon or session detail")));
  }

  /** {@code AUTH=server}: one successful login; the session's messages follow under the same pid. */
  private static ParseResult login(Matcher m, SendmailLine l) {
    String account = account(m.group(2));
    if (account == null) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "login without authid");
    }
    Relay client = Relay.of(m.group(1));
    return parsed(l, new MtaEvent.ProcessLogin(l.frame().time(), l.host(), l.frame().pid(), account, m.group(3), client.ip(),
        client.name()));
  }

  /**
   * {@code AUTH failure (MECH): <reason>, user=<user>, relay=<client>}. The user name is the
   * client's to choose, so it runs from the first {@code , user=} to the last {@code , relay=}
   * (Sendmail writes the relay last).
   */
  private static ParseResult authFailure(Matcher m, SendmailLine l) {
    String msg = l.message();
    int relayAt = msg.lastIndexOf(", relay=");
    if (relayAt < m.end()) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "auth failure without client");
    }
    Relay client = Relay.of(msg.substring(relayAt + ", relay=".length()));
    if (client.ip() == null) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "auth failure without client");
    }
    int userAt = msg.indexOf(", user=", m.end() - 2);
    String account = userAt >= 0 && userAt < relayAt ? account(msg.substring(userAt + ", user=".length(), relayAt)) : null;
    return parsed(l, new MtaEvent.AuthFailure(l.frame().time(), l.host(), client.ip(), m.group(1), account));
  }

  /** {@code from=}: the message is in the queue; {@code nrcpts=0} means every recipient was refused and there is none. */
  private static ParseResult envelope(Matcher m, SendmailLine l) {
    long size;
    int recipients;
    try {
      size = Long.parseLong(m.group(2));
      recipients = Integer.parseInt(m.group(4));
    } catch (NumberFormatException e) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "size or nrcpts out of range");
    }
    if (recipients == 0) {
      return ignored(l, "no recipient accepted: no message");
    }
    String msg = l.message();
    String proto = null;
    String relay = null;
    int n = msg.length();
    int i = m.end();
    while (i + 2 < n && msg.startsWith(", ", i)) {
      int eq = msg.indexOf('=', i + 2);
      if (eq < 0) {
        break;
      }
      String key = msg.substring(i + 2, eq);
      int v = eq + 1;
      int end;
      if (key.equals("relay")) {
        end = n; // always the last field
      } else if (key.equals("msgid") && v < n && msg.charAt(v) == '<') {
        int close = msg.indexOf(">, ", v); // a Message-ID is the client's text and may hold ", "
        end = close < 0 ? n : close + 1;
      } else {
        int comma = msg.indexOf(", ", v);
        end = comma < 0 ? n : comma;
      }
      if (key.equals("proto")) {
        proto = msg.substring(v, end);
      } else if (key.equals("relay")) {
        relay = msg.substring(v, end);
      }
      i = end;
    }
    boolean authenticated = proto != null && proto.endsWith("A");
    // sendmail run by a local user (a web form, cron): relay=user@localhost names who ran it.
    String localUser = !authenticated && relay != null && relay.endsWith("@localhost") && relay.indexOf('[') < 0
        ? relay.substring(0, relay.length() - "@localhost".length()) : null;
    Relay client = localUser != null ? new Relay(null, null) : Relay.of(relay);
    String sender = unbracket(m.group(1)).toLowerCase(Locale.ROOT);
    return parsed(l, new MtaEvent.ProcessMessage(l.frame().time(), l.host(), l.queueId(), l.frame().pid(), authenticated,
        localUser, client.ip(), client.name(), sender, size, recipients));
  }

  /** {@code to=}: one outcome per listed recipient, read from the DSN code. */
  private static ParseResult delivery(Matcher m, SendmailLine l) {
    String msg = l.message();
    List<String> recipients = DeliveryLine.newList();
    int end = DeliveryLine.recipients(msg, m.end(), recipients);
    if (end < 0 || recipients.isEmpty()) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "delivery line cut off");
    }
    int dsnAt = msg.indexOf(", dsn=", end);
    String dsn = dsnAt < 0 ? null : DeliveryLine.field(msg, dsnAt, ", dsn=");
    if (dsn != null && !DeliveryLine.isDsn(dsn)) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "dsn out of range");
    }
    int statAt = msg.indexOf(", stat=", dsnAt < 0 ? end : dsnAt);
    String stat = statAt < 0 ? null : msg.substring(statAt + ", stat=".length());
    // Before dsn= every field is Sendmail's own; read mailer and relay only there.
    int limit = dsnAt >= 0 ? dsnAt : statAt >= 0 ? statAt : msg.length();
    String head = msg.substring(0, limit);
    String mailer = DeliveryLine.field(head, end, ", mailer=");
    String relay = DeliveryLine.field(head, end, ", relay=");
    Outcome outcome;
    if (dsn != null) {
      outcome = dsn.charAt(0) == '2' ? Outcome.SENT : dsn.charAt(0) == '4' ? Outcome.DEFERRED : Outcome.BOUNCED;
    } else if (stat == null) {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "delivery line cut off");
    } else if (stat.startsWith("queued")) {
      return ignored(l, "queued for a later run");
    } else if (stat.startsWith("Sent")) {
      outcome = Outcome.SENT;
    } else if (stat.startsWith("Deferred")) {
      outcome = Outcome.DEFERRED;
    } else {
      return new ParseResult.Unsupported(SendmailParser.MTA, l.program(), "status without a DSN code");
    }
    String reply = reply(msg, dsnAt, statAt, stat);
    boolean local = "local".equals(relay) || "local".equals(mailer) || "prog".equals(mailer) || (mailer != null && mailer.startsWith("*"));
    List<MtaEvent.RecipientOutcome> outcomes = new java.util.ArrayList<>(recipients.size());
    for (String r : recipients) {
      outcomes.add(new MtaEvent.RecipientOutcome(l.frame().time(), l.host(), l.queueId(), r, outcome, dsn, relay, reply, local));
    }
    return outcomes.size() == 1 ? parsed(l, outcomes.get(0))
        : parsed(l, new MtaEvent.RecipientOutcomes(l.frame().time(), l.host(), l.queueId(), outcomes));
  }

  /** The remote server's reply: {@code reply=} (up to {@code , stat=}), else the text of {@code stat=Sent (…)}. */
  private static String reply(String msg, int dsnAt, int statAt, String stat) {
    int replyAt = dsnAt < 0 ? -1 : msg.indexOf(", reply=", dsnAt);
    if (replyAt >= 0 && statAt > replyAt) {
      return msg.substring(replyAt + ", reply=".length(), statAt);
    }
    if (stat != null && stat.startsWith("Sent (") && stat.endsWith(")")) {
      return stat.substring("Sent (".length(), stat.length() - 1);
    }
    return stat;
  }

  /** {@code <parent QID>: <new QID>: DSN: …}: Sendmail queued a notification, which has no {@code from=} line of its own. */
  private static ParseResult notification(Matcher m, SendmailLine l) {
    String kind = m.group(2);
    boolean bounce = kind.equals("DSN") || kind.equals("return to sender");
    MtaEvent event = bounce
        ? new MtaEvent.BounceNotification(l.frame().time(), l.host(), l.queueId(), m.group(1))
        : new MtaEvent.WarningNotification(l.frame().time(), l.host(), l.queueId(), m.group(1));
    return parsed(l, event);
  }

  private static String account(String user) {
    return user == null || user.isBlank() ? null : user.strip().toLowerCase(Locale.ROOT);
  }

  private static String unbracket(String address) {
    return address.startsWith("<") && address.endsWith(">") ? address.substring(1, address.length() - 1) : address;
  }

  private static ParseResult parsed(SendmailLine l, MtaEvent event) {
    return new ParseResult.Parsed(SendmailParser.MTA, l.program(), event);
  }

  private static ParseResult ignored(SendmailLine l, String reason) {
    return new ParseResult.Ignored(SendmailParser.MTA, l.program(), reason);
  }
}
