package sentinel.shipper;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.identity.Fingerprinter;
import sentinel.shipper.sink.EnvelopeEncoder;
import sentinel.shipper.sink.KafkaLineSink;
import sentinel.common.logging.RateLimitedLog;
import sentinel.shipper.tail.FileTailer;
import sentinel.shipper.tail.RawLine;

/**
 * Reads files and hands their lines to the sink as envelopes, within the read budget per file and
 * the in-flight cap: when the sink refuses a line, reading stops and the line waits in its file.
 */
final class LinePump {
  /**
   * Lines per group sent and settled together. Large enough that the per-group bookkeeping shared
   * with the producer's I/O thread is rare; small enough that a group is a small slice of a producer
   * batch and of the in-flight cap, and that the checkpoint still advances in steps of a few KiB.
   */
  private static final int GROUP_LINES = 64;

  private final ShipperConfig config;
  private final KafkaLineSink sink;
  private final ShipperMeters meters;
  private final Fingerprinter fingerprinter;
  private final Clock clock;
  private final RateLimitedLog ioLog;
  private final EnvelopeEncoder encoder = new EnvelopeEncoder();
  private EnvelopeEncoder.Template template;
  private final byte[][] values = new byte[GROUP_LINES][];

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
          int n = t.read((int) Math.min(FileTailer.CHUNK_BYTES, left), fingerprinter, now);
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

  /**
   * Sends the file's queued lines in groups of up to {@link #GROUP_LINES}, each settled as one (see
   * {@code LineGroup}); false when the sink cannot take more now (cap reached, or sends failing).
   */
  private boolean drainReady(FileTailer t, Instant readAt) {
    ArrayDeque<RawLine> ready = t.ready();
    if (ready.isEmpty()) {
      return true;
    }
    EnvelopeEncoder.Template tpl = templateFor(t, readAt);
    while (!ready.isEmpty()) {
      if (sink.hasRetries()) {
        return false; // a send just failed: each further send could block for max.block.ms
      }
      long room = sink.room();
      int count = 0;
      long charge = 0;
      int sanitized = 0;
      int truncated = 0;
      long start = ready.peekFirst().offset();
      long end = start;
      for (Iterator<RawLine> it = ready.iterator(); it.hasNext() && count < GROUP_LINES; ) {
        RawLine line = it.next();
        byte[] value = encoder.encode(tpl, line);
        long c = sink.charge(value);
        if (charge + c > room && !(count == 0 && sink.idle())) {
          if (count == 0) {
            sink.awaitRoom(c);
            return false;
          }
          break; // encoded again next time: refusals come once per wake-up, not per line
        }
        values[count++] = value;
        charge += c;
        end = line.endOffset();
        sanitized += encoder.lastLineSanitized() ? 1 : 0;
        truncated += line.truncated() ? 1 : 0;
      }
      if (!sink.trySend(t.acks(), values, count, start, end, charge)) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        ready.removeFirst();
        values[i] = null; // the producer holds the bytes now; do not pin them here
      }
      meters.linesRead(count);
      if (sanitized > 0) {
        meters.invalidUtf8(sanitized);
      }
      if (truncated > 0) {
        meters.truncatedLines(truncated);
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
