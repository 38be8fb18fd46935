package sentinel.streams.parse.postfix;

import java.util.List;
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
    boolean anyDaemon = slash < 0;
    String message = line.message();
    for (PostfixPatterns.Row row : rows) {
      if (anyDaemon || row.daemons().contains(daemon)) {
        Matcher m = row.pattern().matcher(message);
        if (m.lookingAt()) {
          return row.handler().handle(m, line, host, daemon);
        }
      }
    }
    if (PostfixPatterns.IGNORED_DAEMONS.contains(daemon)) {
      return new ParseResult.Ignored(mta(), daemon, "daemon carries no account activity");
    }
    return new ParseResult.Unsupported(mta(), daemon, "unknown line shape");
  }
}
