package sentinel.streams.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import sentinel.common.json.Json;

/**
 * Turns a record of {@code mta.raw} into a {@link LogLine}. Accepts the shipper's JSON envelope,
 * Filebeat- and Vector-style JSON ({@code message}, {@code host}/{@code host.name}, {@code
 * log.file.path}/{@code file}, {@code log.offset}) and plain text lines (rsyslog omkafka). The
 * shipper's envelope in its own layout is read by position ({@link EnvelopeReader}); every other JSON
 * record by a streaming pass ({@link ShippedFields}), or as a tree when that pass cannot.
 *
 * <p>Not thread-safe: one instance per processor.
 */
public final class LineDecoder {
  private final ObjectMapper mapper = Json.newMapper();
  private final EnvelopeReader envelopes = new EnvelopeReader();

  /** Empty when the record is JSON of no known shape: the caller dead-letters it with that reason. */
  public Optional<LogLine> decode(String key, byte[] value, Instant recordTime) {
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    if (value[0] != '{') {
      return Optional.of(plain(key, value, recordTime));
    }
    if (EnvelopeReader.looksLikeEnvelope(value)) {
      LogLine line = envelopes.read(value);
      if (line != null) {
        return Optional.of(line);
      }
    }
    ShippedFields f;
    try (JsonParser parser = mapper.getFactory().createParser(value)) {
      f = ShippedFields.scan(parser);
    } catch (IOException e) {
      // A plain log line may start with '{' too; treat it as text rather than lose it.
      return Optional.of(plain(key, value, recordTime));
    }
    if (f == null) {
      return decodeTree(key, value, recordTime);
    }
    if (f.line != null) {
      return Optional.of(new LogLine(f.host != null ? f.host : key, f.source, f.fileId, f.offset,
          instant(f.readAt).orElse(recordTime), f.line));
    }
    if (f.message != null) {
      String host = f.hostIsObject ? f.hostName : f.host;
      String file = f.logFilePath != null ? f.logFilePath : f.file;
      Instant readAt = instant(f.atTimestamp).or(() -> instant(f.timestamp)).orElse(recordTime);
      return Optional.of(new LogLine(host != null ? host : key, file, f.logOffset >= 0 ? file : null, f.logOffset,
          readAt, stripNewline(f.message)));
    }
    return Optional.empty();
  }

  /**
   * The same decoding from a Jackson tree: slower, and the reference for records outside the shapes
   * {@link ShippedFields} reads (duplicate fields, numbers or objects where text is expected, ...).
   */
  Optional<LogLine> decodeTree(String key, byte[] value, Instant recordTime) {
    JsonNode n;
    try {
      n = mapper.readTree(value);
    } catch (IOException e) {
      return Optional.of(plain(key, value, recordTime));
    }
    if (n.hasNonNull("line")) {
      return Optional.of(new LogLine(
          text(n, "host").orElse(key), text(n, "source").orElse(null), text(n, "fileId").orElse(null),
          n.path("offset").asLong(-1), instant(n, "readAt").orElse(recordTime), n.get("line").asText()));
    }
    if (n.hasNonNull("message")) {
      String host = n.path("host").isObject() ? n.path("host").path("name").asText(null) : text(n, "host").orElse(null);
      String file = n.path("log").path("file").path("path").asText(null);
      if (file == null) {
        file = text(n, "file").orElse(null);
      }
      long offset = n.path("log").path("offset").asLong(-1);
      Instant readAt = instant(n, "@timestamp").or(() -> instant(n, "timestamp")).orElse(recordTime);
      return Optional.of(new LogLine(host != null ? host : key, file, offset >= 0 ? file : null, offset, readAt,
          stripNewline(n.get("message").asText())));
    }
    return Optional.empty();
  }

  private static LogLine plain(String key, byte[] value, Instant recordTime) {
    return new LogLine(key, null, null, -1, recordTime, stripNewline(new String(value, StandardCharsets.UTF_8)));
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<Instant> instant(JsonNode n, String field) {
    return instant(text(n, field).orElse(null));
  }

  private static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(IsoInstants.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String stripNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }
}
