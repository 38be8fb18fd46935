package sentinel.streams.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Reads the shipper's own envelope by position: {@code {"host":…,"source":…,"fileId":…,"offset":N,
 * "readAt":…,"line":…}}, the exact field order and spelling the shipper writes. It is the one shape that
 * arrives for nearly every line, and reading it by index instead of through a JSON parser removes the
 * largest share of decoding cost.
 *
 * <p>Anything else (another field order, a null, a non-ASCII or escaped header field, a bad number or
 * time) returns null and the caller falls back to the general JSON path, which stays the reference: this
 * reader never accepts a record that path would read differently. The line itself may carry JSON escapes
 * (a quote in a subject); non-ASCII lines take the general path.
 *
 * <p>Host, source, file id and read time repeat for every line of a file and read pass, so the last of
 * each is kept and reused when the bytes match: no new String or Instant per line. Not thread-safe: one
 * instance per processor.
 */
final class EnvelopeReader {
  private static final byte[] HOST = ascii("{\"host\":\"");
  private static final byte[] SOURCE = ascii("\",\"source\":\"");
  private static final byte[] FILE_ID = ascii("\",\"fileId\":\"");
  private static final byte[] OFFSET = ascii("\",\"offset\":");
  private static final byte[] READ_AT = ascii(",\"readAt\":\"");
  private static final byte[] LINE = ascii("\",\"line\":\"");
  /** Digits of the largest offset read by position; longer numbers take the general path. */
  private static final int MAX_OFFSET_DIGITS = 18;

  private final Repeated host = new Repeated();
  private final Repeated source = new Repeated();
  private final Repeated fileId = new Repeated();
  private final Repeated readAtText = new Repeated();
  private Instant readAt;

  /** True when the record looks like the shipper's envelope and is worth reading by position. */
  static boolean looksLikeEnvelope(byte[] v) {
    return startsWith(v, 0, HOST);
  }

  /** The line, or null when the record is not exactly in the shipper's layout. */
  LogLine read(byte[] v) {
    int p = HOST.length;
    int end = plainStringEnd(v, p);
    if (end < 0 || !startsWith(v, end, SOURCE)) {
      return null;
    }
    String h = host.of(v, p, end);
    p = end + SOURCE.length;
    end = plainStringEnd(v, p);
    if (end < 0 || !startsWith(v, end, FILE_ID)) {
      return null;
    }
    String s = source.of(v, p, end);
    p = end + FILE_ID.length;
    end = plainStringEnd(v, p);
    if (end < 0 || !startsWith(v, end, OFFSET)) {
      return null;
    }
    String f = fileId.of(v, p, end);
    p = end + OFFSET.length;
    long offset = 0;
    int digitsStart = p;
    while (p < v.length && v[p] >= '0' && v[p] <= '9') {
      offset = offset * 10 + (v[p++] - '0');
    }
    int digits = p - digitsStart;
    if (digits == 0 || digits > MAX_OFFSET_DIGITS || (digits > 1 && v[digitsStart] == '0') || !startsWith(v, p, READ_AT)) {
      return null;
    }
    p += READ_AT.length;
    end = plainStringEnd(v, p);
    if (end < 0 || !startsWith(v, end, LINE)) {
      return null;
    }
    Instant at = readAt(v, p, end);
    if (at == null) {
      return null;
    }
    p = end + LINE.length;
    String line = lineText(v, p);
    if (line == null) {
      return null;
    }
    return new LogLine(h, s, f, offset, at, line);
  }

  private Instant readAt(byte[] v, int from, int to) {
    if (readAt != null && readAtText.matches(v, from, to)) {
      return readAt;
    }
    try {
      Instant parsed = IsoInstants.parse(readAtText.of(v, from, to));
      readAt = parsed;
      return parsed;
    } catch (DateTimeParseException e) {
      readAt = null;
      return null;
    }
  }

  /**
   * The line's string, which must be the last field: its closing quote followed by {@code }} and the end
   * of the record. JSON escapes are undone; null on a byte above 0x7F, a raw control character or a
   * malformed escape.
   */
  private static String lineText(byte[] v, int from) {
    if (v.length < from + 2 || v[v.length - 1] != '}' || v[v.length - 2] != '"') {
      return null;
    }
    int close = v.length - 2;
    boolean escaped = false;
    for (int i = from; i < close; i++) {
      byte c = v[i];
      if (c < 0x20) { // controls and, bytes being signed, everything above 0x7F
        return null;
      }
      if (c == '"') {
        return null; // an unescaped quote before the end: not one string
      }
      if (c == '\\') {
        escaped = true;
        i++; // the escaped character cannot close the string
      }
    }
    if (!escaped) {
      return new String(v, from, close - from, StandardCharsets.ISO_8859_1);
    }
    return unescape(v, from, close);
  }

  private static String unescape(byte[] v, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = (char) v[i];
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i >= to) {
        return null;
      }
      switch (v[i]) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (i + 4 >= to) {
            return null;
          }
          int code = 0;
          for (int k = 1; k <= 4; k++) {
            int d = Character.digit(v[i + k], 16);
            if (d < 0) {
              return null;
            }
            code = code * 16 + d;
          }
          if (Character.isSurrogate((char) code)) {
            return null; // pairs are the general path's business
          }
          sb.append((char) code);
          i += 4;
        }
        default -> {
          return null;
        }
      }
    }
    return sb.toString();
  }

  /** Index of the closing quote of a string with printable ASCII only and no escapes; -1 otherwise. */
  private static int plainStringEnd(byte[] v, int from) {
    for (int i = from; i < v.length; i++) {
      byte c = v[i];
      if (c == '"') {
        return i;
      }
      if (c < 0x20 || c == '\\') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] v, int at, byte[] prefix) {
    return v.length - at >= prefix.length && Arrays.equals(v, at, at + prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The last string read from a field, reused while the next record carries the same bytes. */
  private static final class Repeated {
    private byte[] bytes = new byte[0];
    private String text;

    boolean matches(byte[] v, int from, int to) {
      return text != null && Arrays.equals(v, from, to, bytes, 0, bytes.length);
    }

    String of(byte[] v, int from, int to) {
      if (!matches(v, from, to)) {
        bytes = Arrays.copyOfRange(v, from, to);
        text = new String(bytes, StandardCharsets.ISO_8859_1);
      }
      return text;
    }
  }
}
