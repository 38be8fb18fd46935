package sentinel.streams.parse;

import java.util.List;
import sentinel.streams.correlate.SourcedEvent;
import sentinel.streams.ingest.LogLine;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.MtaEvent;

/** Parses one line, counts the outcome and keeps only the events. */
public final class LineParsing {
  private final MtaLineParser parser;
  private final SentinelMeters meters;

  public LineParsing(MtaLineParser parser, SentinelMeters meters) {
    this.parser = parser;
    this.meters = meters;
  }

  /**
   * Longest account name taken from a line: an address is at most 64 + 1 + 255 characters (RFC
   * 5321). A longer "account" is hostile input (a 1 MiB line with {@code sasl_username=} early in
   * it); as a state-store key it could not be read back, which would stop the stream thread on
   * every retry.
   */
  public static final int MAX_ACCOUNT_CHARS = 320;

  public List<SourcedEvent> events(LogLine line) {
    ParseResult result = bounded(parser.parse(line.text(), line.host(), line.readAt()));
    meters.recordProcessed(result.mta());
    meters.parsed(result);
    return result instanceof ParseResult.Parsed p ? List.of(new SourcedEvent(p.event(), line.readAt())) : List.of();
  }

  private static ParseResult bounded(ParseResult result) {
    if (result instanceof ParseResult.Parsed p && accountTooLong(p.event())) {
      return new ParseResult.Unsupported(p.mta(), p.program(), "account longer than " + MAX_ACCOUNT_CHARS + " characters");
    }
    return result;
  }

  /** Java 17: no pattern-matching switch; every event that names an account or local user is listed. */
  private static boolean accountTooLong(MtaEvent e) {
    String account = null;
    String user = null;
    if (e instanceof MtaEvent.AuthFailure a) {
      account = a.account();
    } else if (e instanceof MtaEvent.AuthSuccess a) {
      account = a.account();
    } else if (e instanceof MtaEvent.SubmissionAuthenticated a) {
      account = a.account();
    } else if (e instanceof MtaEvent.MessageReceived m) {
      account = m.account();
      user = m.localUser();
    } else if (e instanceof MtaEvent.ProcessLogin l) {
      account = l.account();
    } else if (e instanceof MtaEvent.ProcessMessage m) {
      user = m.localUser();
    } else if (e instanceof MtaEvent.SubmissionLocal l) {
      user = l.user();
    }
    return (account != null && account.length() > MAX_ACCOUNT_CHARS) || (user != null && user.length() > MAX_ACCOUNT_CHARS);
  }
}
