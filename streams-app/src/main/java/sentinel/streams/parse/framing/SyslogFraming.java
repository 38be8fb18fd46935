package sentinel.streams.parse.framing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the frame of the line formats MTAs are logged in: classic syslog ({@code Nov 24 12:00:01
 * host prog[pid]: msg}, which Postfix's own {@code maillog_file} also uses), RFC 3339 timestamps
 * (rsyslog high precision, journald short-iso), RFC 5424 ({@code <22>1 2026-11-24T12:00:01Z host
 * prog pid - - msg}) and Exim's own mainlog ({@code 2026-11-24 12:00:01 msg}).
 *
 * <p>Classic syslog has no year: it is inferred from the time the line was read, so a line from
 * December read on 1 January lands in the old year. Zone-less timestamps are read in {@code zone}.
 */
public final class SyslogFraming {
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  /** A line dated further ahead of its read time than this belongs to the previous year. */
  private static final long FUTURE_TOLERANCE_SECONDS = 7 * 86_400L;

  private final ZoneId zone;
  /** Non-null when the zone never changes offset, which allows the per-day cache. */
  private final java.time.ZoneOffset fixedOffset;
  /** The last day seen; an immutable value, so threads sharing this framing never see a torn one. */
  private volatile DayStart lastDay;

  public SyslogFraming(ZoneId zone) {
    this.zone = zone;
    this.fixedOffset = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
  }

  /** Empty when the line has no recognisable frame. */
  public Optional<FramedLine> frame(String line, Instant readAt) {
    try {
      if (line.length() < 16) {
        return Optional.empty();
      }
      char c0 = line.charAt(0);
      if (c0 == '<') {
        return rfc5424(line);
      }
      if (Character.isDigit(c0)) {
        return line.length() > 19 && line.charAt(10) == ' ' && line.charAt(4) == '-' ? eximMainlog(line) : rfc3339(line);
      }
      return classic(line, readAt);
    } catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Optional<FramedLine> classic(String line, Instant readAt) {
    int month = MONTHS.indexOf(line.substring(0, 3));
    if (month < 0 || month % 3 != 0 || line.charAt(3) != ' ' || line.charAt(6) != ' ' || line.charAt(9) != ':'
        || line.charAt(12) != ':') {
      return Optional.empty();
    }
    int day = (line.charAt(4) == ' ' ? 0 : digit(line, 4) * 10) + digit(line, 5);
    int secondOfDay = (digit(line, 7) * 10 + digit(line, 8)) * 3600 + (digit(line, 10) * 10 + digit(line, 11)) * 60
        + digit(line, 13) * 10 + digit(line, 14);
    Instant t = fixedOffset != null ? fastClassic(month / 3 + 1, day, secondOfDay, readAt) : null;
    if (t == null) {
      t = classicTime(month / 3 + 1, day, secondOfDay, readAt);
    }
    return hostAndTag(t, line, 16);
  }

  /**
   * In a fixed-offset zone a day's lines differ only in their second of the day, so the start of
   * the day (with its inferred year) is computed once per day and read date, not once per line.
   */
  private Instant fastClassic(int month, int day, int secondOfDay, Instant readAt) {
    long readDay = Math.floorDiv(readAt.getEpochSecond(), 86_400L);
    DayStart cached = lastDay;
    if (cached == null || cached.month != month || cached.day != day || cached.readDay != readDay) {
      Instant midnight = classicTime(month, day, 0, readAt);
      // A line at 23:59:59 must infer the same year as one at 00:00:00 for the cache to hold.
      if (!midnight.plusSeconds(86_399).equals(classicTime(month, day, 86_399, readAt))) {
        return null;
      }
      cached = new DayStart(month, day, readDay, midnight.getEpochSecond());
      lastDay = cached;
    }
    return Instant.ofEpochSecond(cached.epochSecond + secondOfDay);
  }

  private Instant classicTime(int month, int day, int secondOfDay, Instant readAt) {
    int year = readAt.atZone(zone).getYear();
    int hh = secondOfDay / 3600;
    int mm = secondOfDay / 60 % 60;
    int ss = secondOfDay % 60;
    Instant t = LocalDateTime.of(year, month, day, hh, mm, ss).atZone(zone).toInstant();
    long ahead = t.getEpochSecond() - readAt.getEpochSecond();
    if (ahead > FUTURE_TOLERANCE_SECONDS) {
      t = LocalDateTime.of(year - 1, month, day, hh, mm, ss).atZone(zone).toInstant();
    } else if (ahead < FUTURE_TOLERANCE_SECONDS - 365 * 86_400L) {
      // A January line read on 31 December (the MTA's clock a little ahead of the reader's).
      t = LocalDateTime.of(year + 1, month, day, hh, mm, ss).atZone(zone).toInstant();
    }
    return t;
  }

  private static int digit(String s, int i) {
    char c = s.charAt(i);
    if (c < '0' || c > '9') {
      throw new NumberFormatException("not a digit at " + i);
    }
    return c - '0';
  }

  /** Start of one calendar day of classic syslog lines, for the read day it was inferred on. */
  private record DayStart(int month, int day, long readDay, long epochSecond) {}

  private Optional<FramedLine> rfc3339(String line) {
    int sp = line.indexOf(' ');
    if (sp < 0) {
      return Optional.empty();
    }
    Instant t = parseIso(line.substring(0, sp));
    return hostAndTag(t, line, sp + 1);
  }

  private Optional<FramedLine> rfc5424(String line) {
    int close = line.indexOf('>');
    // <PRI>VERSION SP TIMESTAMP SP HOST SP APP SP PROCID SP MSGID SP SD [SP MSG]
    String[] parts = line.substring(close + 1).split(" ", 7);
    if (parts.length < 7) {
      return Optional.empty();
    }
    Instant t = parseIso(parts[1]);
    String rest = parts[6];
    if (rest.startsWith("[")) {
      int end = structuredDataEnd(rest);
      rest = end >= rest.length() ? "" : rest.substring(end).stripLeading();
    } else if (rest.startsWith("-")) {
      // Some relays put two spaces after the nil SD: the message never starts with a blank.
      rest = rest.length() > 1 ? rest.substring(1).stripLeading() : "";
    }
    if (rest.startsWith("\uFEFF")) {
      rest = rest.substring(1);
    }
    return Optional.of(new FramedLine(t, parts[2], parts[3], rest, "-".equals(parts[4]) ? null : parts[4]));
  }

  private Optional<FramedLine> eximMainlog(String line) {
    LocalDateTime ldt = LocalDateTime.of(
        Integer.parseInt(line.substring(0, 4)), Integer.parseInt(line.substring(5, 7)), Integer.parseInt(line.substring(8, 10)),
        Integer.parseInt(line.substring(11, 13)), Integer.parseInt(line.substring(14, 16)), Integer.parseInt(line.substring(17, 19)));
    int msgStart = 20;
    Instant t;
    // Exim may log a zone offset (log_timezone) or a pid ([1234]) after the time.
    if (line.length() > 25 && (line.charAt(20) == '+' || line.charAt(20) == '-') && Character.isDigit(line.charAt(21))) {
      t = ldt.atOffset(java.time.ZoneOffset.of(line.substring(20, 25))).toInstant();
      msgStart = 26;
    } else {
      t = ldt.atZone(zone).toInstant();
    }
    String pid = null;
    if (line.startsWith("[", msgStart)) {
      int end = line.indexOf("] ", msgStart);
      if (end > 0 && isDigits(line, msgStart + 1, end)) {
        pid = line.substring(msgStart + 1, end);
        msgStart = end + 2;
      }
    }
    return Optional.of(new FramedLine(t, null, "exim", line.substring(Math.min(msgStart, line.length())), pid));
  }

  private static Optional<FramedLine> hostAndTag(Instant t, String line, int from) {
    int hostEnd = line.indexOf(' ', from);
    if (hostEnd < 0) {
      return Optional.empty();
    }
    String host = line.substring(from, hostEnd);
    int colon = line.indexOf(": ", hostEnd + 1);
    if (colon < 0) {
      return Optional.empty();
    }
    String tag = line.substring(hostEnd + 1, colon);
    int bracket = tag.indexOf('[');
    String program = bracket >= 0 ? tag.substring(0, bracket) : tag;
    if (program.isEmpty() || program.indexOf(' ') >= 0) {
      return Optional.empty();
    }
    String pid = bracket >= 0 && tag.endsWith("]") ? tag.substring(bracket + 1, tag.length() - 1) : null;
    return Optional.of(new FramedLine(t, host, program, line.substring(colon + 2), pid));
  }

  private static boolean isDigits(String s, int from, int to) {
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

  private Instant parseIso(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(s).atZone(zone).toInstant();
    }
  }

  private static int structuredDataEnd(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '[') {
      boolean escaped = false;
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == ']') {
          break;
        }
      }
    }
    return i;
  }
}
