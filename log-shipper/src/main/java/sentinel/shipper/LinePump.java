package sentinel.shipper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.identity.Fingerprinter;
import sentinel.shipper.sink.EnvelopeEncoder;
import sentinel.shipper.sink.KafkaLineSink;
import sentinel.shipper.sink.Outgoing;
import sentinel.shipper.sink.RateLimitedLog;
import sentinel.shipper.tail.FileTailer;
import sentinel.shipper.tail.RawLine;

/**
 * Reads files and hands their lines to the sink as envelopes, within the read budget per file and
 * the in-flight cap: when the sink refuses a line, reading stops and the line waits in its file.
 */
final class LinePump {
  private static final int CHUNK_BYTES = 64 * 1024;

  private final ShipperConfig config;
  private final KafkaLineSink sink;
  private final ShipperMeters meters;
  private final Fingerprinter fingerprinter;
  private final Clock clock;
  private final RateLimitedLog ioLog;
  private final EnvelopeEncoder encoder = new EnvelopeEncoder();
  private EnvelopeEncoder.Template template;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);

  LinePump(ShipperConfig config, KafkaLineSink sink, ShipperMeters meters, Fingerprinter fingerprinter, Clock clock,
      RateLimitedLog ioLog) {
    this.config = config;
    this.sink = sink;
    this.meters = meters;
    this.fingerprinter = fingerprinter;
    this.clock = clock;
    this.ioLog = ioLog;
  }

  /**
   * Moves lines from every file into the sink, at most {@code shipper.read.budget.bytes} per file.
   * Returns true when a file still has unread bytes and the sink has room: read again at once.
   */
  boolean pass(Collection<FileTailer> retiring, Collection<FileTailer> tailers) {
    // One clock read per pass, not per line: readAt is "when this pass read the line", and lines of
    // one pass are read within milliseconds of each other.
    Instant readAt = clock.instant();
    long now = readAt.toEpochMilli();
    for (FileTailer t : retiring) {
      if (!drainReady(t, readAt)) {
        return false;
      }
    }
    boolean more = false;
    for (FileTailer t : tailers) {
      try {
        long left = config.readBudgetBytes();
        while (left > 0 && !t.finished()) {
          if (!drainReady(t, readAt)) {
            return false;
          }
          int n = t.read(buffer, (int) Math.min(CHUNK_BYTES, left), fingerprinter, now);
          if (n <= 0) {
            break; // at the end, or rewritten under us (-1): the next scan handles the truncation
          }
          left -= n;
        }
        if (!drainReady(t, readAt)) {
          return false;
        }
        more |= left <= 0 && t.hasUnreadBytes();
      } catch (IOException e) {
        ioLog.warn("Cannot read {}: {}", t.path(), e.getMessage());
      }
    }
    return more;
  }

  private boolean drainReady(FileTailer t, Instant readAt) {
    if (t.ready().isEmpty()) {
      return true;
    }
    EnvelopeEncoder.Template tpl = templateFor(t, readAt);
    for (RawLine line; (line = t.ready().peekFirst()) != null; ) {
      if (sink.hasRetries()) {
        return false; // a send just failed: each further send could block for max.block.ms
      }
      byte[] value = encoder.encode(tpl, line);
      if (!sink.trySend(new Outgoing(value, t.acks(), line.offset(), line.endOffset()))) {
        return false;
      }
      t.ready().removeFirst();
      meters.lineRead();
      if (encoder.lastLineSanitized()) {
        meters.invalidUtf8();
      }
      if (line.truncated()) {
        meters.truncatedLine();
      }
    }
    return true;
  }

  /** The envelope's fixed parts for {@code t}, reused while the file, its path and the pass stay the same. */
  private EnvelopeEncoder.Template templateFor(FileTailer t, Instant readAt) {
    String source = t.path().toString();
    if (template == null || !template.isFor(config.host(), source, t.fileId(), readAt)) {
      template = encoder.template(config.host(), source, t.fileId(), readAt);
    }
    return template;
  }
}
