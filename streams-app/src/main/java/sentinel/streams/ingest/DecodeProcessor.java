package sentinel.streams.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import sentinel.common.json.Json;
import sentinel.streams.metrics.SentinelMeters;

/**
 * Decodes each {@code mta.raw} record with {@link LineDecoder}. A record that is not a line is
 * passed on as {@link Decoded.Rejected}, carrying its provenance (topic, partition, offset) for the
 * dead-letter topic: counted and kept, never dropped silently.
 */
public final class DecodeProcessor implements FixedKeyProcessor<String, byte[], Decoded> {
  private static final int MAX_DEAD_LETTER_VALUE_CHARS = 4096;
  private final LineDecoder decoder = new LineDecoder();
  private final ObjectMapper mapper = Json.newMapper();
  private final SentinelMeters meters;
  private FixedKeyProcessorContext<String, Decoded> context;

  public DecodeProcessor(SentinelMeters meters) {
    this.meters = meters;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    Optional<LogLine> line = decoder.decode(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
    if (line.isPresent()) {
      context.forward(record.withValue(new Decoded.Line(line.get())));
      return;
    }
    String reason = record.value() == null || record.value().length == 0 ? "empty record" : "JSON of unknown shape";
    meters.deadLettered(reason);
    context.forward(record.withValue(new Decoded.Rejected(reason, deadLetter(record, reason))));
  }

  private String deadLetter(FixedKeyRecord<String, byte[]> record, String reason) {
    ObjectNode n = mapper.createObjectNode();
    n.put("reason", reason);
    Optional<RecordMetadata> meta = context.recordMetadata();
    meta.ifPresent(m -> n.put("topic", m.topic()).put("partition", m.partition()).put("offset", m.offset()));
    n.put("key", record.key());
    String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    n.put("value", value.length() > MAX_DEAD_LETTER_VALUE_CHARS ? value.substring(0, MAX_DEAD_LETTER_VALUE_CHARS) : value);
    n.put("valueTruncated", value.length() > MAX_DEAD_LETTER_VALUE_CHARS);
    return n.toString();
  }
}
