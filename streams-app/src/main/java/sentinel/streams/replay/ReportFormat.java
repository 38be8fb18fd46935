package sentinel.streams.replay;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Number, time and list formatting shared by the text and HTML reports. */
final class ReportFormat {
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH'h'", Locale.ROOT);
  private final ZoneId zone;

  ReportFormat(String zone) {
    this.zone = ZoneId.of(zone);
  }

  String time(Instant t) {
    return t == null ? "-" : MINUTE.format(t.atZone(zone));
  }

  String hour(Instant t) {
    return HOUR.format(t.atZone(zone));
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  static String decimal(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  static String counts(List<ReplayReport.Count> counts) {
    return counts.isEmpty() ? "none" : counts.stream().map(c -> c.name() + " ×" + number(c.count())).collect(Collectors.joining(", "));
  }

  static String ips(List<ReplayReport.IpLogin> ips) {
    return ips.isEmpty() ? "none" : ips.stream().map(i -> i.ip() + " (" + i.country() + ") ×" + number(i.uses()))
        .collect(Collectors.joining(", "));
  }
}
