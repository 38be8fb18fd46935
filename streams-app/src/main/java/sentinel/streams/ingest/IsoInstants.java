package sentinel.streams.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} with a fast path for the one form shippers write, {@code
 * yyyy-MM-ddTHH:mm:ss[.fraction]Z} (what {@code Instant.toString()} gives): parsing every envelope's
 * {@code readAt} through {@code DateTimeFormatter} was a large share of decoding. Anything else (other
 * years, offsets, leap seconds, invalid dates) goes to {@code Instant.parse}, so the results and the
 * exceptions are exactly its own.
 */
final class IsoInstants {
  private static final int SHORTEST = "2026-01-01T00:00:00Z".length();

  private IsoInstants() {}

  /** As {@link Instant#parse}: throws {@code DateTimeParseException} for text it does not accept. */
  static Instant parse(String s) {
    Instant fast = fastPath(s);
    return fast != null ? fast : Instant.parse(s);
  }

  private static Instant fastPath(String s) {
    int n = s.length();
    if (n < SHORTEST || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nano = 0;
    if (n > SHORTEST) {
      int fractionDigits = n - SHORTEST - 1;
      if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(s, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nano = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nano *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nano);
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
