package sentinel.streams.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import sentinel.streams.parse.framing.FramedLine;
import sentinel.streams.parse.framing.SyslogFraming;

/**
 * Parses one raw log line of any supported MTA and framing: finds the frame, picks the MTA's
 * parser by program name and returns what the line means.
 */
public final class MtaLineParser {
  private final SyslogFraming framing;
  private final List<MtaParser> parsers;

  public MtaLineParser(ZoneId zone, List<MtaParser> parsers) {
    this.framing = new SyslogFraming(zone);
    this.parsers = List.copyOf(parsers);
  }

  /**
   * @param text the line
   * @param hostHint the host the shipper named; used when the framing has no host (Exim mainlog)
   * @param readAt when the line was read, to infer the year of classic syslog timestamps
   */
  public ParseResult parse(String text, String hostHint, Instant readAt) {
    FramedLine line = framing.frameOrNull(text, readAt);
    if (line == null) {
      return new ParseResult.Unsupported("unknown", "unknown", "no syslog or MTA log frame");
    }
    String host = line.host() != null ? line.host() : hostHint != null ? hostHint : "unknown";
    for (MtaParser parser : parsers) {
      if (parser.handles(line.program())) {
        return parser.parse(line, host);
      }
    }
    return new ParseResult.Ignored("other", "other", "not an MTA program");
  }
}
