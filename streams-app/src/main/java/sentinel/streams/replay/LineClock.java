package sentinel.streams.replay;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import sentinel.streams.parse.framing.FramedLine;
import sentinel.streams.parse.framing.SyslogFraming;

/**
 * Reads the log's own time and host off a line, with the same framing the topology uses, so each
 * line enters the topology with its event time as record timestamp. Lines without a frame take the
 * time of the line before them: they belong where they were written.
 */
final class LineClock {
  private final SyslogFraming framing;
  private Instant last;
  private String lastHost;

  LineClock(ZoneId zone, Instant start) {
    this.framing = new SyslogFraming(zone);
    this.last = start;
  }

  /**
   * @param reference a time at or after the line was written, from which the year of classic
   *     syslog timestamps is inferred (the file's modification time, or the end of {@code --year})
   */
  Instant timeOf(String line, Instant reference) {
    Optional<FramedLine> framed = framing.frame(line, reference);
    if (framed.isPresent()) {
      last = framed.get().time();
      lastHost = framed.get().host();
    } else {
      lastHost = null;
    }
    return last;
  }

  /** The host the last line named, or null when it named none (Exim mainlog, unframed lines). */
  String lastHost() {
    return lastHost;
  }
}
