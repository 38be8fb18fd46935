package sentinel.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations used in config and on the command line: 500ms, 90s, 10m, 2h, 30d. */
public final class Durations {
  private static final Pattern HUMAN = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    String s = text.trim();
    if (s.startsWith("P") || s.startsWith("p")) {
      return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
    }
    Matcher m = HUMAN.matcher(s.toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The inverse of {@link #parse} for whole units, for logs and reports. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
    if (s % 86400 == 0 && s > 0) return s / 86400 + "d";
    if (s % 3600 == 0 && s > 0) return s / 3600 + "h";
    if (s % 60 == 0 && s > 0) return s / 60 + "m";
    return s + "s";
  }
}
