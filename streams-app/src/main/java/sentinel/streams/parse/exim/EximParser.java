package sentinel.streams.parse.exim;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sentinel.streams.model.MtaEvent;
import sentinel.streams.parse.MtaParser;
import sentinel.streams.parse.ParseResult;
import sentinel.streams.parse.framing.FramedLine;

/**
 * Exim, from its own mainlog ({@code 2026-11-25 14:20:00 1xWDqq-0002nJ-0u <= …}) or through syslog
 * (program {@code exim} or {@code exim4}). {@link EximPatterns} holds one row per line shape.
 */
public final class EximParser implements MtaParser {
  private static final Pattern PART = Pattern.compile("\\[(\\d{1,4})/(\\d{1,4})\\] ");
  private final List<EximPatterns.Row> rows = EximPatterns.rows();

  @Override
  public String mta() {
    return "exim";
  }

  @Override
  public boolean handles(String program) {
    return program.startsWith("exim");
  }

  @Override
  public ParseResult parse(FramedLine line, String host) {
    String message = line.message();
    if (message.startsWith("[")) {
      Matcher part = PART.matcher(message);
      if (part.lookingAt()) {
        return splitPart(line, host, part);
      }
    }
    return parseWhole(line, host);
  }

  /**
   * Exim splits a line longer than syslog takes into {@code [1/N] …}, {@code [2/N] …}; a long
   * recipient list then runs on into the later parts, which the correlator adds up by process ID.
   */
  private ParseResult splitPart(FramedLine line, String host, Matcher part) {
    int k;
    int n;
    try {
      k = Integer.parseInt(part.group(1));
      n = Integer.parseInt(part.group(2));
    } catch (NumberFormatException e) {
      return new ParseResult.Unsupported(mta(), "exim", "split line part out of range");
    }
    String rest = line.message().substring(part.end());
    if (k > 1) {
      return new ParseResult.Parsed(mta(), "exim", new MtaEvent.LineContinuation(line.time(), host, line.pid(), k, n, rest));
    }
    ParseResult first = parseWhole(new FramedLine(line.time(), line.host(), line.program(), rest, line.pid()), host);
    if (first instanceof ParseResult.Parsed p && p.event() instanceof MtaEvent.MessageReceived r && r.recipients() >= 0) {
      int lastSpace = rest.lastIndexOf(' ');
      boolean complete = rest.indexOf('@', lastSpace + 1) >= 0;
      return new ParseResult.Parsed(mta(), "exim", new MtaEvent.MessageReceived(r.time(), r.host(), r.queueId(), r.account(),
          r.localUser(), r.method(), r.clientIp(), r.clientName(), r.session(), r.sender(), r.size(), -1, r.bounceOf(),
          new MtaEvent.SplitLine(line.pid(), n, r.recipients(), complete)));
    }
    return first;
  }

  private ParseResult parseWhole(FramedLine line, String host) {
    String message = line.message();
    int body = afterMessageId(message);
    for (EximPatterns.Row row : rows) {
      boolean afterId = row.afterMessageId();
      if (afterId && body < 0 || !message.startsWith(row.marker(), afterId ? body : 0)) {
        continue;
      }
      Matcher m = row.pattern().matcher(message);
      if (m.lookingAt()) {
        return row.handler().handle(m, line, host);
      }
    }
    return new ParseResult.Unsupported(mta(), "exim", "unknown line shape");
  }

  /** Index after a leading message ID ({@code 6-6-2} or {@code 6-11-4}) and one space, or -1. */
  static int afterMessageId(String message) {
    int a = run(message, 0);
    if (a != 6 || !message.startsWith("-", a)) {
      return -1;
    }
    int b = run(message, a + 1);
    if (b - a - 1 < 6 || b - a - 1 > 11 || !message.startsWith("-", b)) {
      return -1;
    }
    int c = run(message, b + 1);
    return c - b - 1 >= 2 && c - b - 1 <= 4 && message.startsWith(" ", c) ? c + 1 : -1;
  }

  private static int run(String s, int from) {
    int i = from;
    while (i < s.length() && i - from < 12) {
      char ch = s.charAt(i);
      if (!(ch >= '0' && ch <= '9' || ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z')) {
        break;
      }
      i++;
    }
    return i;
  }
}
