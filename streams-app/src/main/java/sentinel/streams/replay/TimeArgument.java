package sentinel.streams.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code --since}/{@code --until}: an instant with offset ({@code 2026-11-24T12:00:00Z}), a
 * local date-time in the log's zone ({@code 2026-11-24T12:00} or {@code "2026-11-24 12:00"}), or a
 * date (midnight in the log's zone).
 */
public final class TimeArgument {
  private TimeArgument() {}

  public static Instant parse(String text, ZoneId zone) {
    String s = text.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException ignored) {
      // not an instant with offset; try the local forms
    }
    try {
      return LocalDateTime.parse(s).atZone(zone).toInstant();
    } catch (DateTimeParseException ignored) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(s).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time: '" + text + "' (use 2026-11-24, 2026-11-24T12:00 or 2026-11-24T12:00:00Z)");
    }
  }
}
