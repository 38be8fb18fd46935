package sentinel.streams.replay;

import java.util.List;

/**
 * The console summary: the verdict first (what is wrong and what to do), then the overall picture and
 * what could not be read. Short enough to read in a terminal; the HTML report has the charts.
 */
public final class TextReport {
  private static final int SPARK_WIDTH = 48;
  private static final String BARS = " ▁▂▃▄▅▆▇█";

  private TextReport() {}

  public static String render(ReplayReport r) {
    ReportFormat f = new ReportFormat(r.run().zone());
    StringBuilder out = new StringBuilder();
    ReplayReport.Run run = r.run();
    out.append("Outbound Sentinel replay — ").append(ReportFormat.number(run.linesRead())).append(" lines from ")
        .append(run.files().size()).append(run.files().size() == 1 ? " file" : " files").append(", ")
        .append(f.time(run.firstEvent())).append(" to ").append(f.time(run.lastEvent())).append(" (").append(run.zone()).append(")\n");
    if (run.focusAccount() != null) {
      out.append("Focus: ").append(run.focusAccount()).append('\n');
    }
    out.append('\n');
    if (r.verdicts().isEmpty()) {
      out.append("VERDICT: nothing suspicious found — no account, inbox or IP crossed a detector threshold.\n\n");
    } else {
      out.append("VERDICT\n");
      for (ReplayReport.VerdictGroup g : r.verdicts()) {
        out.append("\n== ").append(g.title()).append(" (").append(g.findings().size()).append(") ==\n");
        out.append("   ").append(g.meaning()).append('\n');
        for (ReplayReport.Finding finding : g.findings()) {
          finding(out, f, finding);
        }
      }
      out.append('\n');
    }
    if (r.focus() != null && r.verdicts().stream().flatMap(g -> g.findings().stream()).noneMatch(x -> x.subject().equals(r.focus().subject()))) {
      out.append("== Account ").append(r.focus().subject()).append(": no alert ==\n");
      finding(out, f, r.focus());
      out.append('\n');
    }
    overview(out, r.overview());
    unparsed(out, r.unparsed());
    out.append(String.format(java.util.Locale.ROOT, "Replayed %s lines (%.1f MB) in %.1f s: %s lines/s.%n",
        ReportFormat.number(run.linesRead()), run.bytesRead() / 1e6, run.seconds(), ReportFormat.number((long) run.linesPerSecond())));
    return out.toString();
  }

  private static void finding(StringBuilder out, ReportFormat f, ReplayReport.Finding x) {
    ReplayReport.Evidence e = x.evidence();
    out.append("\n * ").append(x.subject()).append("  [").append(String.join(", ", x.types())).append("; ").append(x.severity());
    if (x.decision() != null) {
      out.append("; monitor would ").append(x.decision());
    }
    if (x.stillActive()) {
      out.append("; STILL ACTIVE at end of log");
    }
    out.append("]\n");
    x.alerts().forEach(a -> out.append("     ").append(f.time(a.detectedAt())).append(' ').append(a.type()).append(": ")
        .append(String.join("; ", a.reasons())).append('\n'));
    if (x.subject().startsWith("ip:")) {
      out.append("     failed logins: ").append(ReportFormat.number(e.authFailures())).append("; accounts tried: ")
          .append(ReportFormat.counts(e.accountsTried())).append('\n');
    } else {
      out.append("     sent ").append(ReportFormat.number(e.messages())).append(" messages to ").append(ReportFormat.number(e.recipients()))
          .append(" recipients; baseline ").append(ReportFormat.decimal(e.baselinePerHour())).append("/h before, peak ")
          .append(ReportFormat.number(peak(e.hourly()))).append("/h\n");
      out.append("     bounce ratio ").append(ReportFormat.percent(e.bounceRatio())).append(" (").append(ReportFormat.number(e.bounced()))
          .append(" bounced); DSN codes: ").append(ReportFormat.counts(e.dsnCodes())).append('\n');
      out.append("     logins from: ").append(ReportFormat.ips(e.clientIps())).append('\n');
      out.append("     countries: ").append(ReportFormat.counts(e.countries())).append('\n');
      if (e.inboundBounces() > 0) {
        out.append("     bounces delivered to this mailbox: ").append(ReportFormat.number(e.inboundBounces()))
            .append("; per hour: ").append(spark(e.hourlyInboundBounces())).append('\n');
      }
    }
    if (!e.hourly().isEmpty()) {
      out.append("     per hour ").append(f.hour(e.hourly().get(0).hour())).append(" → ").append(f.hour(e.hourly().get(e.hourly().size() - 1).hour()))
          .append(": ").append(spark(e.hourly())).append('\n');
    }
    out.append("     what to do:\n");
    x.actions().forEach(a -> out.append("       - ").append(a).append('\n'));
  }

  private static long peak(List<ReplayReport.HourPoint> hourly) {
    return hourly.stream().mapToLong(ReplayReport.HourPoint::count).max().orElse(0);
  }

  /** A one-line bar chart of the hourly counts (the last {@value #SPARK_WIDTH} hours when longer). */
  static String spark(List<ReplayReport.HourPoint> hourly) {
    List<ReplayReport.HourPoint> shown = hourly.size() > SPARK_WIDTH ? hourly.subList(hourly.size() - SPARK_WIDTH, hourly.size()) : hourly;
    long max = Math.max(1, peak(shown));
    StringBuilder sb = new StringBuilder();
    for (ReplayReport.HourPoint p : shown) {
      int level = p.count() == 0 ? 0 : 1 + (int) ((BARS.length() - 2) * p.count() / max);
      sb.append(BARS.charAt(Math.min(level, BARS.length() - 1)));
    }
    return sb.toString();
  }

  private static void overview(StringBuilder out, ReplayReport.Overview o) {
    out.append("OVERALL\n");
    out.append("  messages ").append(ReportFormat.number(o.messages())).append(" (").append(ReportFormat.number(o.recipients()))
        .append(" recipients); delivered ").append(ReportFormat.number(o.sent())).append(", bounced ").append(ReportFormat.number(o.bounced()))
        .append(", deferred ").append(ReportFormat.number(o.deferred())).append(", expired ").append(ReportFormat.number(o.expired())).append('\n');
    out.append("  logins ").append(ReportFormat.number(o.logins())).append(", failed logins ").append(ReportFormat.number(o.authFailures())).append('\n');
    if (!o.hourly().isEmpty()) {
      out.append("  messages per hour: ").append(spark(o.hourly().stream()
          .map(h -> new ReplayReport.HourPoint(h.hour(), h.submitted())).toList())).append('\n');
    }
    out.append("  top senders:\n");
    o.topSenders().forEach(s -> out.append(String.format(java.util.Locale.ROOT, "    %-40s %8s msgs %8s rcpts %7s bounced%n",
        s.account(), ReportFormat.number(s.messages()), ReportFormat.number(s.recipients()), ReportFormat.number(s.bounced()))));
    out.append("  logins by country: ").append(ReportFormat.counts(o.loginsByCountry())).append('\n');
    out.append("  failed logins by IP: ").append(ReportFormat.counts(o.authFailuresByIp())).append("\n\n");
  }

  private static void unparsed(StringBuilder out, ReplayReport.Unparsed u) {
    out.append("LINES\n  parsed ").append(ReportFormat.number(u.parsed())).append(", ignored (not MTA or not needed) ")
        .append(ReportFormat.number(u.ignored())).append(", could not be read ").append(ReportFormat.number(u.unsupported()))
        .append(", outcomes of mail not submitted here ").append(ReportFormat.number(u.uncorrelated())).append('\n');
    if (u.late() > 0) {
      out.append("  ").append(ReportFormat.number(u.late())).append(" events came too late for the detectors (are the files in time order?)\n");
    }
    u.byReason().forEach(r -> out.append("    ").append(ReportFormat.number(r.count())).append("  ").append(r.mta()).append('/')
        .append(r.program()).append(": ").append(r.reason()).append('\n'));
    u.samples().stream().limit(6).forEach(s -> out.append("    e.g. ").append(abbreviate(s.line(), 160)).append('\n'));
    out.append('\n');
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
