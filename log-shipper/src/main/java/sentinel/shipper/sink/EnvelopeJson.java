package sentinel.shipper.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.contract.RawLineEnvelope;

/**
 * Writes a {@link RawLineEnvelope} as exactly the JSON that {@code JsonSerde<RawLineEnvelope>}
 * (Jackson) writes: same field order, same string escaping, {@code readAt} in ISO-8601 as
 * {@link Instant#toString()}, characters outside the BMP as escaped surrogate pairs. Hand-written because Jackson's reflective path plus formatting
 * {@code readAt} through {@code DateTimeFormatter} took half of the shipper's CPU per line in the
 * throughput benchmark; the date part of {@code readAt} is formatted once per second here.
 *
 * <p>Not thread-safe (it caches that date part): one instance per reading thread.
 */
public final class EnvelopeJson implements Serializer<RawLineEnvelope> {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** Instants of years 0000-9999 print as {@code yyyy-MM-ddTHH:mm:ss}; others go through Instant.toString. */
  private static final long MIN_SECOND = -62167219200L;
  private static final long MAX_SECOND = 253402300799L;

  private final StringBuilder sb = new StringBuilder(512);
  private long cachedSecond = Long.MIN_VALUE;
  private String cachedDateTime;

  @Override
  public byte[] serialize(String topic, RawLineEnvelope e) {
    if (e == null) {
      return null;
    }
    sb.setLength(0);
    head(e.host(), e.source(), e.fileId());
    sb.append(e.offset());
    middle(e.readAt());
    string(e.line());
    sb.append('}');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON before the offset's digits: {@code {"host":…,"source":…,"fileId":…,"offset":}. */
  byte[] headBytes(String host, String source, String fileId) {
    sb.setLength(0);
    head(host, source, fileId);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON between the offset's digits and the line's string: {@code ,"readAt":…,"line":}. */
  byte[] middleBytes(Instant readAt) {
    sb.setLength(0);
    middle(readAt);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void head(String host, String source, String fileId) {
    sb.append("{\"host\":");
    string(host);
    sb.append(",\"source\":");
    string(source);
    sb.append(",\"fileId\":");
    string(fileId);
    sb.append(",\"offset\":");
  }

  private void middle(Instant readAt) {
    sb.append(",\"readAt\":");
    if (readAt == null) {
      sb.append("null");
    } else {
      sb.append('"');
      instant(readAt);
      sb.append('"');
    }
    sb.append(",\"line\":");
  }

  private void string(String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        switch (c) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          case '\b' -> sb.append("\\b");
          case '\f' -> sb.append("\\f");
          default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        }
      } else if (Character.isSurrogate(c)) {
        // Jackson writes a surrogate pair as two \\u escapes, not as 4-byte UTF-8; so does this (a lone half too: still valid JSON).
        sb.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  /** As {@link Instant#toString()} (ISO_INSTANT: fraction in groups of three digits, none when zero). */
  private void instant(Instant t) {
    long second = t.getEpochSecond();
    if (second < MIN_SECOND || second > MAX_SECOND) {
      sb.append(t);
      return;
    }
    if (second != cachedSecond) {
      cachedDateTime = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString();
      if (cachedDateTime.length() == 16) {
        cachedDateTime += ":00"; // LocalDateTime omits zero seconds; ISO_INSTANT does not
      }
      cachedSecond = second;
    }
    sb.append(cachedDateTime);
    int nanos = t.getNano();
    if (nanos > 0) {
      sb.append('.');
      if (nanos % 1_000_000 == 0) {
        digits(nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        digits(nanos / 1000, 6);
      } else {
        digits(nanos, 9);
      }
    }
    sb.append('Z');
  }

  private void digits(int value, int width) {
    String v = Integer.toString(value);
    for (int i = v.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(v);
  }
}
