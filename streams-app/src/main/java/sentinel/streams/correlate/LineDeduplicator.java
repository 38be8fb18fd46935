package sentinel.streams.correlate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import sentinel.streams.ingest.LogLine;
import sentinel.streams.metrics.SentinelMeters;

/**
 * Drops lines the shipper sent again after a crash (at-least-once delivery), so nothing is counted
 * twice.
 *
 * <p>The shipper writes each file's lines in order into the host's partition with an idempotent
 * producer, so within one file a line whose offset is not above the highest offset seen is a
 * re-send. A file rewritten in place gets a new identity (its first line's fingerprint changes), so
 * its lines are not mistaken for re-sends. Lines without a position (other shippers) pass through.
 */
public final class LineDeduplicator implements FixedKeyProcessor<String, LogLine, LogLine> {
  private final String storeName;
  private final Duration maxAge;
  private final SentinelMeters meters;
  private FixedKeyProcessorContext<String, LogLine> context;
  private KeyValueStore<String, FilePosition> positions;

  public LineDeduplicator(String storeName, Duration maxAge, SentinelMeters meters) {
    this.storeName = storeName;
    this.maxAge = maxAge;
    this.meters = meters;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, LogLine> context) {
    this.context = context;
    this.positions = context.getStateStore(storeName);
    context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOldFiles);
  }

  @Override
  public void process(FixedKeyRecord<String, LogLine> record) {
    LogLine line = record.value();
    if (!line.hasPosition()) {
      context.forward(record);
      return;
    }
    FilePosition last = positions.get(line.fileId());
    if (last != null && line.offset() <= last.offset()) {
      meters.duplicateDropped();
      return;
    }
    positions.put(line.fileId(), new FilePosition(line.offset(), line.readAt()));
    context.forward(record);
  }

  private void forgetOldFiles(long nowMs) {
    Instant cutoff = Instant.ofEpochMilli(nowMs).minus(maxAge);
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, FilePosition> it = positions.all()) {
      it.forEachRemaining(kv -> { if (kv.value.seen().isBefore(cutoff)) old.add(kv.key); });
    }
    old.forEach(positions::delete);
  }
}
