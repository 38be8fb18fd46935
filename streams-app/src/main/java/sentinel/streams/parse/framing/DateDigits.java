package sentinel.streams.parse.framing;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * Dates and times read from a line by index: digits, {@code HH:MM:SS}, calendar days and RFC 3339
 * timestamps, with plain arithmetic and no intermediate objects (the framing runs for every line).
 * Malformed input throws {@link NumberFormatException} or {@link DateTimeException}; the framing turns
 * both into "no frame".
 */
final class DateDigits {
  private DateDigits() {}

  static int digit(String s, int i) {
    char c = s.charAt(i);
    if (c < '0' || c > '9') {
      throw new NumberFormatException("not a digit at " + i);
    }
    return c - '0';
  }

  /** The decimal number in {@code s[from, to)}; throws NumberFormatException on anything else. */
  static int number(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + digit(s, i);
    }
    return n;
  }

  /** {@code HH:MM:SS} at {@code at} as seconds of the day; throws DateTimeException when out of range. */
  static int secondOfDay(String s, int at) {
    int hh = number(s, at, at + 2);
    int mm = number(s, at + 3, at + 5);
    int ss = number(s, at + 6, at + 8);
    if (hh > 23 || mm > 59 || ss > 59) {
      throw new DateTimeException("no such time");
    }
    return hh * 3600 + mm * 60 + ss;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date; throws DateTimeException when it does not exist. */
  static long epochDay(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      throw new DateTimeException("no such date");
    }
    // Days from civil (H. Hinnant's algorithm): plain arithmetic, no object.
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }

  /**
   * An RFC 3339 timestamp in {@code s[from, to)}: {@code YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)}, read by
   * index; null for anything else (no zone, a space for the T), which needs java.time.
   */
  static Instant rfc3339OrNull(String s, int from, int to) {
    int len = to - from;
    if (len < 20 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 10) != 'T'
        || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
      return null;
    }
    long seconds = epochDay(number(s, from, from + 4), number(s, from + 5, from + 7), number(s, from + 8, from + 10)) * 86_400L
        + secondOfDay(s, from + 11);
    int i = from + 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int digits = 0;
      i++;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (digits < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
          digits++;
        }
        i++;
      }
      for (; digits < 9; digits++) {
        nanos *= 10;
      }
    }
    if (i == to - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
      return Instant.ofEpochSecond(seconds, nanos);
    }
    if (i == to - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int offset = number(s, i + 1, i + 3) * 3600 + number(s, i + 4, i + 6) * 60;
      return Instant.ofEpochSecond(seconds - (s.charAt(i) == '-' ? -offset : offset), nanos);
    }
    return null;
  }

  static boolean isDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
