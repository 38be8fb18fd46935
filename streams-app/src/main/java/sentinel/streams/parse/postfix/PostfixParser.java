package sentinel.streams.parse.postfix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import sentinel.streams.parse.MtaParser;
import sentinel.streams.parse.ParseResult;
import sentinel.streams.parse.framing.FramedLine;

/**
 * Postfix: {@code postfix/smtpd}, {@code postfix/submission/smtpd}, {@code postfix-out/smtp}, …
 * The daemon is the last part of the program name; {@link PostfixPatterns} holds one table row per
 * line shape.
 */
public final class PostfixParser implements MtaParser {
  private static final String UNKNOWN_DAEMON = "postfix";
  private final List<PostfixPatterns.Row> rows = PostfixPatterns.rows();
  /** The rows each daemon can log, in table order: a map lookup instead of a scan over every row. */
  private final Map<String, List<PostfixPatterns.Row>> rowsByDaemon = byDaemon(rows);

  @Override
  public String mta() {
    return "postfix";
  }

  @Override
  public boolean handles(String program) {
    return program.startsWith("postfix");
  }

  @Override
  public ParseResult parse(FramedLine line, String host) {
    String program = line.program();
    int slash = program.lastIndexOf('/');
    // RFC 5424 relays often keep only "postfix" as APP-NAME: the daemon is then unknown and every row is tried.
    String daemon = slash < 0 ? UNKNOWN_DAEMON : program.substring(slash + 1);
    List<PostfixPatterns.Row> candidates = slash < 0 ? rows : rowsByDaemon.getOrDefault(daemon, List.of());
    String message = line.message();
    int body = bodyStart(message);
    for (PostfixPatterns.Row row : candidates) {
      boolean afterQid = row.afterQueueId();
      if (afterQid && body < 0 || !message.startsWith(row.marker(), afterQid ? body : 0)) {
        continue;
      }
      Matcher m = row.pattern().matcher(message);
      if (m.lookingAt()) {
        return row.handler().handle(m, line, host, daemon);
      }
    }
    if (PostfixPatterns.IGNORED_DAEMONS.contains(daemon)) {
      return new ParseResult.Ignored(mta(), daemon, "daemon carries no account activity");
    }
    return new ParseResult.Unsupported(mta(), daemon, "unknown line shape");
  }

  /** Where the message goes on after a leading queue ID and {@code ": "}, or -1 when it has none. */
  static int bodyStart(String message) {
    int n = Math.min(message.length(), 21);
    int i = 0;
    while (i < n && Character.isLetterOrDigit(message.charAt(i)) && message.charAt(i) < 128) {
      i++;
    }
    return i >= 6 && i <= 20 && message.startsWith(": ", i) ? i + 2 : -1;
  }

  private static Map<String, List<PostfixPatterns.Row>> byDaemon(List<PostfixPatterns.Row> rows) {
    Map<String, List<PostfixPatterns.Row>> map = new HashMap<>();
    for (PostfixPatterns.Row row : rows) {
      for (String d : row.daemons()) {
        map.computeIfAbsent(d, k -> new ArrayList<>()).add(row);
      }
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(map);
  }
}
