package sentinel.streams.parse.sendmail;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import sentinel.streams.parse.MtaParser;
import sentinel.streams.parse.ParseResult;
import sentinel.streams.parse.framing.FramedLine;

/**
 * Sendmail 8: the daemon ({@code sm-mta}), the submission program ({@code sendmail}) and the
 * submission queue runner ({@code sm-msp-queue}). A message starts with its queue ID ({@code
 * 6APEiLM0012592: …}), {@code NOQUEUE: } or neither; {@link SendmailPatterns} holds one row per
 * line shape of what follows.
 */
public final class SendmailParser implements MtaParser {
  static final String MTA = "sendmail";
  private static final Set<String> PROGRAMS = Set.of("sm-mta", "sendmail", "sm-msp-queue");
  private static final String NOQUEUE = "NOQUEUE: ";
  /** Sendmail queue IDs are 14 characters since 8.12 (8 to 12 before); longer ones are not IDs. */
  private static final int MIN_QID = 8;
  private static final int MAX_QID = 20;

  private final List<SendmailPatterns.Row> rows = SendmailPatterns.rows();

  @Override
  public String mta() {
    return MTA;
  }

  @Override
  public boolean handles(String program) {
    return PROGRAMS.contains(program);
  }

  @Override
  public ParseResult parse(FramedLine line, String host) {
    String message = line.message();
    String queueId = null;
    int body = 0;
    if (message.startsWith(NOQUEUE)) {
      body = NOQUEUE.length();
    } else {
      int end = queueIdEnd(message);
      if (end > 0) {
        queueId = message.substring(0, end);
        body = end + 2;
      }
    }
    SendmailLine l = new SendmailLine(line, host, line.program(), queueId, body);
    for (SendmailPatterns.Row row : rows) {
      if (!message.startsWith(row.prefix(), body) || (row.needsQueueId() && queueId == null)) {
        continue;
      }
      Matcher m = row.pattern().matcher(message).region(body, message.length());
      if (m.lookingAt()) {
        return row.handler().handle(m, l);
      }
    }
    return new ParseResult.Unsupported(MTA, line.program(), "unknown line shape");
  }

  /** End of a leading queue ID followed by {@code ": "}, or -1 when the message has none. */
  static int queueIdEnd(String message) {
    int n = Math.min(message.length(), MAX_QID + 1);
    int i = 0;
    while (i < n && isIdChar(message.charAt(i))) {
      i++;
    }
    boolean colon = i + 1 < message.length() && message.charAt(i) == ':' && message.charAt(i + 1) == ' ';
    return colon && i >= MIN_QID && i <= MAX_QID ? i : -1;
  }

  private static boolean isIdChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
