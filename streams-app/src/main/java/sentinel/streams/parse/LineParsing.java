package sentinel.streams.parse;

import java.util.List;
import sentinel.streams.correlate.SourcedEvent;
import sentinel.streams.ingest.LogLine;
import sentinel.streams.metrics.SentinelMeters;

/** Parses one line, counts the outcome and keeps only the events. */
public final class LineParsing {
  private final MtaLineParser parser;
  private final SentinelMeters meters;

  public LineParsing(MtaLineParser parser, SentinelMeters meters) {
    this.parser = parser;
    this.meters = meters;
  }

  public List<SourcedEvent> events(LogLine line) {
    ParseResult result = parser.parse(line.text(), line.host(), line.readAt());
    meters.recordProcessed(result.mta());
    meters.parsed(result);
    return result instanceof ParseResult.Parsed p ? List.of(new SourcedEvent(p.event(), line.readAt())) : List.of();
  }
}
