package sentinel.streams.parse.framing;

import static sentinel.streams.parse.framing.DateDigits.digit;
import static sentinel.streams.parse.framing.DateDigits.epochDay;
import static sentinel.streams.parse.framing.DateDigits.isDigits;
import static sentinel.streams.parse.framing.DateDigits.number;
import static sentinel.streams.parse.framing.DateDigits.secondOfDay;

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
    return Optional.ofNullable(frameOrNull(line, readAt));
  }

  /**
   * The frame of {@code line}, or null when it has none. The hot path: it reads the header by
   * index, without regexes and without copying more of the line than the frame's own fields.
   */
  public FramedLine frameOrNull(String line, Instant readAt) {
    try {
      if (line.length() < 16) {
        return null;
      }
      char c0 = line.charAt(0);
      if (c0 == '<') {
        return rfc5424(line);
      }
      if (c0 >= '0' && c0 <= '9') {
        return line.length() > 19 && line.charAt(10) == ' ' && line.charAt(4) == '-' ? eximMainlog(line) : rfc3339(line);
      }
      return classic(line, readAt);
    } catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
      return null;
    }
  }

  /** Month 0–11 of a three-letter English abbreviation at the start of {@code s}, or -1. */
  private static int month(String s) {
    int i = MONTHS.indexOf(s.charAt(0));
    while (i >= 0) {
      if (i % 3 == 0 && MONTHS.charAt(i + 1) == s.charAt(1) && MONTHS.charAt(i + 2) == s.charAt(2)) {
        return i / 3;
      }
      i = MONTHS.indexOf(s.charAt(0), i + 1);
    }
    return -1;
  }

  private FramedLine classic(String line, Instant readAt) {
    int month = month(line);
    if (month < 0 || line.charAt(3) != ' ' || line.charAt(6) != ' ' || line.charAt(9) != ':'
        || line.charAt(12) != ':') {
      return null;
    }
    int day = (line.charAt(4) == ' ' ? 0 : digit(line, 4) * 10) + digit(line, 5);
    int secondOfDay = (digit(line, 7) * 10 + digit(line, 8)) * 3600 + (digit(line, 10) * 10 + digit(line, 11)) * 60
        + digit(line, 13) * 10 + digit(line, 14);
    Instant t = fixedOffset != null ? fastClassic(month + 1, day, secondOfDay, readAt) : null;
    if (t == null) {
      t = classicTime(month + 1, day, secondOfDay, readAt);
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

  /** Start of one calendar day of classic syslog lines, for the read day it was inferred on. */
  private record DayStart(int month, int day, long readDay, long epochSecond) {}

  private FramedLine rfc3339(String line) {
    int sp = line.indexOf(' ');
    if (sp < 0) {
      return null;
    }
    Instant t = iso(line, 0, sp);
    return hostAndTag(t, line, sp + 1);
  }

  private FramedLine rfc5424(String line) {
    // <PRI>VERSION SP TIMESTAMP SP HOST SP APP SP PROCID SP MSGID SP SD [SP MSG]
    int close = line.indexOf('>');
    int tsAt = line.indexOf(' ', close + 1) + 1;
    int hostAt = tsAt == 0 ? 0 : line.indexOf(' ', tsAt) + 1;
    int appAt = hostAt == 0 ? 0 : line.indexOf(' ', hostAt) + 1;
    int pidAt = appAt == 0 ? 0 : line.indexOf(' ', appAt) + 1;
    int msgIdAt = pidAt == 0 ? 0 : line.indexOf(' ', pidAt) + 1;
    int sdAt = msgIdAt == 0 ? 0 : line.indexOf(' ', msgIdAt) + 1;
    if (close < 0 || sdAt == 0) {
      return null;
    }
    Instant t = iso(line, tsAt, hostAt - 1);
    String pid = pidAt + 2 == msgIdAt && line.charAt(pidAt) == '-' ? null : line.substring(pidAt, msgIdAt - 1);
    String host = line.substring(hostAt, appAt - 1);
    String app = line.substring(appAt, pidAt - 1);
    if (line.startsWith("- ", sdAt) || (line.length() == sdAt + 1 && line.charAt(sdAt) == '-')) {
      // Nil SD: the message follows; some relays put two spaces, and a message never starts with a blank.
      int m = sdAt + 1;
      while (m < line.length() && Character.isWhitespace(line.charAt(m))) {
        m++;
      }
      if (m < line.length() && line.charAt(m) == '\uFEFF') {
        m++;
      }
      return new FramedLine(t, host, app, line.substring(m), pid);
    }
    String rest = line.substring(sdAt);
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
    return new FramedLine(t, host, app, rest, pid);
  }

  private FramedLine eximMainlog(String line) {
    if (line.charAt(7) != '-' || line.charAt(13) != ':' || line.charAt(16) != ':') {
      return null;
    }
    int year = number(line, 0, 4);
    int month = number(line, 5, 7);
    int day = number(line, 8, 10);
    int secondOfDay = secondOfDay(line, 11);
    int msgStart = 20;
    Instant t;
    // Exim may log a zone offset (log_timezone) or a pid ([1234]) after the time.
    if (line.length() > 25 && (line.charAt(20) == '+' || line.charAt(20) == '-') && Character.isDigit(line.charAt(21))) {
      int offset = (number(line, 21, 23) * 3600 + number(line, 23, 25) * 60) * (line.charAt(20) == '-' ? -1 : 1);
      t = Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + secondOfDay - offset);
      msgStart = 26;
    } else if (fixedOffset != null) {
      t = Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + secondOfDay - fixedOffset.getTotalSeconds());
    } else {
      t = LocalDateTime.of(year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60).atZone(zone).toInstant();
    }
    String pid = null;
    if (line.startsWith("[", msgStart)) {
      int end = line.indexOf("] ", msgStart);
      if (end > 0 && isDigits(line, msgStart + 1, end)) {
        pid = line.substring(msgStart + 1, end);
        msgStart = end + 2;
      }
    }
    return new FramedLine(t, null, "exim", line.substring(Math.min(msgStart, line.length())), pid);
  }

  private static FramedLine hostAndTag(Instant t, String line, int from) {
    int hostEnd = line.indexOf(' ', from);
    if (hostEnd < 0) {
      return null;
    }
    int tagAt = hostEnd + 1;
    int colon = line.indexOf(": ", tagAt);
    if (colon < 0) {
      return null;
    }
    int bracket = line.indexOf('[', tagAt);
    int programEnd = bracket >= 0 && bracket < colon ? bracket : colon;
    if (programEnd == tagAt) {
      return null;
    }
    for (int i = tagAt; i < programEnd; i++) {
      if (line.charAt(i) == ' ') {
        return null;
      }
    }
    String pid = programEnd < colon && line.charAt(colon - 1) == ']' ? line.substring(programEnd + 1, colon - 1) : null;
    return new FramedLine(t, line.substring(from, hostEnd), line.substring(tagAt, programEnd), line.substring(colon + 2), pid);
  }

  /** An RFC 3339 timestamp in {@code s[from, to)}: by index when it can, else through java.time in {@code zone}. */
  private Instant iso(String s, int from, int to) {
    Instant t = DateDigits.rfc3339OrNull(s, from, to);
    return t != null ? t : parseIso(s.substring(from, to));
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
