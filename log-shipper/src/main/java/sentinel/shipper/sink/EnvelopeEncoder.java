package sentinel.shipper.sink;

import java.time.Instant;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.shipper.tail.ByteScan;
import sentinel.shipper.tail.LineDecoder;
import sentinel.shipper.tail.RawLine;

/**
 * Turns a line read from a file into the bytes of its {@link RawLineEnvelope}: exactly what
 * {@link EnvelopeJson} (and so Jackson) writes for the same envelope.
 *
 * <p>Most mail-log lines are plain ASCII. For those the line's bytes are copied into the JSON
 * directly, escaping only quote, backslash and control characters, and the fields that are the
 * same for every line of a file in one read pass (host, source, fileId, readAt) are encoded once
 * per {@link Template}. That skips, per line, the UTF-8 decode to a {@code String}, the {@code
 * StringBuilder} and the re-encode to UTF-8: the largest share of the shipper's own CPU after
 * {@code KafkaProducer.send}. A line with any byte above 0x7F takes the general path (decode,
 * replacing invalid UTF-8, then {@link EnvelopeJson}).
 *
 * <p>Not thread-safe (the decoder and serializer of the general path): one instance per reading thread.
 */
public final class EnvelopeEncoder {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The envelope's fixed parts for one file during one read pass.
   *
   * @param head the JSON up to and including {@code "offset":}
   * @param middle from after the offset's digits up to and including {@code "line":}
   */
  public record Template(String host, String source, String fileId, Instant readAt, byte[] head, byte[] middle) {
    /** True when this template was made for these values (so it can be reused). */
    public boolean isFor(String host, String source, String fileId, Instant readAt) {
      return this.readAt.equals(readAt) && this.fileId.equals(fileId) && this.source.equals(source)
          && this.host.equals(host);
    }
  }

  private final EnvelopeJson json = new EnvelopeJson();
  private final LineDecoder decoder = new LineDecoder();
  private boolean lastSanitized;

  /** The fixed parts for lines of {@code fileId} read at {@code readAt}. */
  public Template template(String host, String source, String fileId, Instant readAt) {
    return new Template(host, source, fileId, readAt, json.headBytes(host, source, fileId), json.middleBytes(readAt));
  }

  /** The envelope of {@code line}, which starts at {@code line.offset()} in the template's file. */
  public byte[] encode(Template t, RawLine line) {
    byte[] text = line.buffer();
    int from = line.from();
    int length = line.length();
    // One scan decides the path and the exact size: bytes below 0x20 (controls, and, as Java bytes
    // are signed, everything above 0x7F), quote and backslash are the ones JSON or UTF-8 care about.
    int escapes = 0;
    int end = from + length;
    for (int i = ByteScan.indexOfJsonSpecial(text, from, end); i < end; i++) {
      byte c = text[i];
      if (c < 0x20 || c == '"' || c == '\\') {
        if (c < 0) {
          return general(t, line);
        }
        escapes += c == '"' || c == '\\' || isShortEscape(c) ? 1 : 5;
      }
    }
    lastSanitized = false;
    long offset = line.offset();
    int size = t.head().length + digits(offset) + t.middle().length + 1 + length + escapes + 2;
    byte[] b = new byte[size]; // exactly the record's value: no scratch buffer, no copy at the end
    int n = put(b, 0, t.head());
    n = putLong(b, n, offset);
    n = put(b, n, t.middle());
    b[n++] = '"';
    if (escapes == 0) {
      System.arraycopy(text, from, b, n, length);
      n += length;
    } else {
      n = putEscaped(b, n, text, from, from + length);
    }
    b[n++] = '"';
    b[n] = '}';
    return b;
  }

  /** Lines with bytes above 0x7F: decode (replacing invalid UTF-8), then the general serializer. */
  private byte[] general(Template t, RawLine line) {
    LineDecoder.Decoded d = decoder.decode(line);
    lastSanitized = d.invalidUtf8();
    return json.serialize(null, new RawLineEnvelope(t.host(), t.source(), t.fileId(), line.offset(), t.readAt(), d.text()));
  }

  private static int putEscaped(byte[] b, int n, byte[] text, int from, int end) {
    for (int i = from; i < end; i++) {
      byte c = text[i];
      if (c == '"' || c == '\\') {
        b[n++] = '\\';
        b[n++] = c;
      } else if (c < 0x20) {
        n = putControl(b, n, c);
      } else {
        b[n++] = c;
      }
    }
    return n;
  }

  private static boolean isShortEscape(byte c) {
    return c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f';
  }

  /** Whether the last line {@link #encode}d had invalid UTF-8 replaced by U+FFFD. */
  public boolean lastLineSanitized() {
    return lastSanitized;
  }

  /** As Jackson escapes control characters: the short forms where JSON has one, else {@code \\u00XX}. */
  private static int putControl(byte[] b, int n, byte c) {
    b[n++] = '\\';
    switch (c) {
      case '\n' -> b[n++] = 'n';
      case '\r' -> b[n++] = 'r';
      case '\t' -> b[n++] = 't';
      case '\b' -> b[n++] = 'b';
      case '\f' -> b[n++] = 'f';
      default -> {
        b[n++] = 'u';
        b[n++] = '0';
        b[n++] = '0';
        b[n++] = HEX[c >> 4];
        b[n++] = HEX[c & 0xf];
      }
    }
    return n;
  }

  private static int put(byte[] b, int n, byte[] part) {
    System.arraycopy(part, 0, b, n, part.length);
    return n + part.length;
  }

  /** Bytes of {@code v} in decimal. Compares with powers of ten: a division per digit cost 9 % of the loop. */
  private static int digits(long v) {
    if (v < 0) {
      return Long.toString(v).length();
    }
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    return digits;
  }

  /** Decimal digits of {@code v} without making a String; in int arithmetic below 2 GiB (cheaper division). */
  private static int putLong(byte[] b, int n, long v) {
    if (v < 0) {
      return put(b, n, Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    int end = n + digits(v);
    int i = end - 1;
    for (; v > Integer.MAX_VALUE; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    for (int x = (int) v; i >= n; i--) {
      b[i] = (byte) ('0' + x % 10);
      x /= 10;
    }
    return end;
  }
}
