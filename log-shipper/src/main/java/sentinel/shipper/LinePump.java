package sentinel.shipper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Collection;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.identity.Fingerprinter;
import sentinel.shipper.sink.EnvelopeJson;
import sentinel.shipper.sink.KafkaLineSink;
import sentinel.shipper.sink.Outgoing;
import sentinel.shipper.sink.RateLimitedLog;
import sentinel.shipper.tail.FileTailer;
import sentinel.shipper.tail.LineDecoder;
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
  private final LineDecoder decoder = new LineDecoder();
  private final Serializer<RawLineEnvelope> serializer = new EnvelopeJson();
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
    long now = clock.millis();
    for (FileTailer t : retiring) {
      if (!drainReady(t)) {
        return false;
      }
    }
    boolean more = false;
    for (FileTailer t : tailers) {
      try {
        long left = config.readBudgetBytes();
        while (left > 0 && !t.finished()) {
          if (!drainReady(t)) {
            return false;
          }
          int n = t.read(buffer, (int) Math.min(CHUNK_BYTES, left), fingerprinter, now);
          if (n <= 0) {
            break; // at the end, or rewritten under us (-1): the next scan handles the truncation
          }
          left -= n;
        }
        if (!drainReady(t)) {
          return false;
        }
        more |= left <= 0 && t.hasUnreadBytes();
      } catch (IOException e) {
        ioLog.warn("Cannot read {}: {}", t.path(), e.getMessage());
      }
    }
    return more;
  }

  private boolean drainReady(FileTailer t) {
    for (RawLine line; (line = t.ready().peekFirst()) != null; ) {
      if (sink.hasRetries()) {
        return false; // a send just failed: each further send could block for max.block.ms
      }
      LineDecoder.Decoded d = decoder.decode(line);
      RawLineEnvelope env = new RawLineEnvelope(config.host(), t.path().toString(), t.fileId(), line.offset(),
          clock.instant(), d.text());
      byte[] value = serializer.serialize(config.rawTopic(), env);
      if (!sink.trySend(new Outgoing(value, t.acks(), line.offset(), line.endOffset()))) {
        return false;
      }
      t.ready().removeFirst();
      meters.lineRead();
      if (d.invalidUtf8()) {
        meters.invalidUtf8();
      }
      if (line.truncated()) {
        meters.truncatedLine();
      }
    }
    return true;
  }
}
