package sentinel.streams.replay;

import static sentinel.streams.replay.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline SVG, no scripts and no
 * external resources, so it opens offline and can be mailed to a colleague. The markup is also
 * well-formed XML, so tests (and scripts) can read it with the JDK's XML parser.
 */
public final class HtmlReport {
  private static final String CSS = """
      body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
      h3{font-size:15px;margin:18px 0 6px}.meta{color:#666}.verdict{border-left:6px solid #e15759;padding:4px 14px;margin:12px 0}
      .verdict.backscatter{border-color:#f28e2b}.verdict.bruteforce{border-color:#9c755f}.verdict.suspicious,.verdict.other-ips{border-color:#4e79a7}
      .finding{background:#fafafa;border:1px solid #e5e5e5;border-radius:6px;padding:10px 14px;margin:10px 0}
      .sev-critical{color:#b00;font-weight:600}.sev-warning{color:#a60;font-weight:600}.ok{border-left:6px solid #59a14f;padding:4px 14px}
      table{border-collapse:collapse;margin:6px 0}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
      th{color:#555;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
      .actions li{margin:2px 0}.axis{font-size:10px;fill:#555}code,pre{font-size:12px;background:#f3f3f3}
      pre{padding:6px;white-space:pre-wrap;word-break:break-all}.grid{display:flex;flex-wrap:wrap;gap:24px}
      """;

  private HtmlReport() {}

  public static String render(ReplayReport r) {
    ReportFormat f = new ReportFormat(r.run().zone());
    ReplayReport.Run run = r.run();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Outbound Sentinel replay report</title><style>")
        .append(CSS).append("</style></head><body>");
    h.append("<h1>Outbound Sentinel replay report</h1><p class=\"meta\">").append(ReportFormat.number(run.linesRead())).append(" lines from ")
        .append(escape(String.join(", ", run.files().stream().map(ReplayReport.SourceFile::name).toList()))).append(" · ")
        .append(f.time(run.firstEvent())).append(" to ").append(f.time(run.lastEvent())).append(" (").append(escape(run.zone())).append(")");
    if (run.focusAccount() != null) {
      h.append(" · focus: <b>").append(escape(run.focusAccount())).append("</b>");
    }
    h.append("</p>");

    h.append("<section id=\"verdict\"><h2>Verdict</h2>");
    if (r.verdicts().isEmpty()) {
      h.append("<p class=\"ok\">Nothing suspicious found: no account, inbox or IP crossed a detector threshold.</p>");
    }
    for (ReplayReport.VerdictGroup g : r.verdicts()) {
      h.append("<div class=\"verdict ").append(escape(g.id())).append("\" data-verdict=\"").append(escape(g.id())).append("\"><h3>")
          .append(escape(g.title())).append(" (").append(g.findings().size()).append(")</h3><p>").append(escape(g.meaning())).append("</p>");
      g.findings().forEach(x -> finding(h, f, x));
      h.append("</div>");
    }
    if (r.focus() != null && r.verdicts().stream().flatMap(g -> g.findings().stream()).noneMatch(x -> x.subject().equals(r.focus().subject()))) {
      h.append("<h3>Account ").append(escape(r.focus().subject())).append(": no alert</h3>");
      finding(h, f, r.focus());
    }
    h.append("</section>");

    overview(h, f, r.overview());
    unparsed(h, r.unparsed());
    h.append(String.format(Locale.ROOT, "<p class=\"meta\">Replayed %s lines (%.1f MB) in %.1f s (%s lines/s) through the monitor's own topology.</p>",
        ReportFormat.number(run.linesRead()), run.bytesRead() / 1e6, run.seconds(), ReportFormat.number((long) run.linesPerSecond())));
    return h.append("</body></html>\n").toString();
  }

  private static void finding(StringBuilder h, ReportFormat f, ReplayReport.Finding x) {
    ReplayReport.Evidence e = x.evidence();
    boolean ip = x.subject().startsWith("ip:");
    h.append("<div class=\"finding\" data-subject=\"").append(escape(x.subject())).append("\"><b class=\"subject\">").append(escape(x.subject()))
        .append("</b> <span class=\"sev-").append(escape(x.severity())).append("\">").append(escape(String.join(", ", x.types())))
        .append(" · ").append(escape(x.severity())).append("</span>");
    if (x.decision() != null) {
      h.append(" · the monitor would <b>").append(escape(x.decision())).append("</b> it");
    }
    if (x.stillActive()) {
      h.append(" · <b>still active at the end of the log</b>");
    }
    h.append("<ul>");
    x.alerts().forEach(a -> h.append("<li>").append(f.time(a.detectedAt())).append(" <b>").append(escape(a.type())).append("</b>: ")
        .append(escape(String.join("; ", a.reasons()))).append(" (since ").append(f.time(a.firstSeen())).append(")</li>"));
    h.append("</ul><table>");
    if (ip) {
      row(h, "Failed logins", ReportFormat.number(e.authFailures()));
      row(h, "Accounts tried", ReportFormat.counts(e.accountsTried()));
    } else {
      row(h, "Messages / recipients", ReportFormat.number(e.messages()) + " / " + ReportFormat.number(e.recipients()));
      row(h, "Baseline before (per hour)", ReportFormat.decimal(e.baselinePerHour()));
      row(h, "Bounce ratio", ReportFormat.percent(e.bounceRatio()) + " (" + ReportFormat.number(e.bounced()) + " bounced, "
          + ReportFormat.number(e.deferred()) + " deferred)");
      row(h, "DSN codes", ReportFormat.counts(e.dsnCodes()));
      row(h, "Login client IPs", ReportFormat.ips(e.clientIps()));
      row(h, "Login countries", ReportFormat.counts(e.countries()));
      row(h, "Bounces delivered to this mailbox", ReportFormat.number(e.inboundBounces()));
    }
    h.append("</table>");
    if (!e.hourly().isEmpty()) {
      List<String> labels = e.hourly().stream().map(p -> f.hour(p.hour())).toList();
      long[] values = e.hourly().stream().mapToLong(ReplayReport.HourPoint::count).toArray();
      h.append(SvgChart.hourlyBars(ip ? "Failed logins per hour" : "Messages per hour", labels, List.<long[]>of(values),
          List.of(ip ? "failed logins" : "messages"), e.baselinePerHour()));
    }
    if (!e.hourlyInboundBounces().isEmpty()) {
      h.append(SvgChart.hourlyBars("Bounces into the mailbox per hour", e.hourlyInboundBounces().stream().map(p -> f.hour(p.hour())).toList(),
          List.<long[]>of(e.hourlyInboundBounces().stream().mapToLong(ReplayReport.HourPoint::count).toArray()), List.of("bounces in"), -1));
    }
    h.append("<p><b>What to do</b></p><ol class=\"actions\">");
    x.actions().forEach(a -> h.append("<li>").append(escape(a)).append("</li>"));
    h.append("</ol></div>");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>");
  }

  private static void overview(StringBuilder h, ReportFormat f, ReplayReport.Overview o) {
    h.append("<section id=\"overview\"><h2>Overall picture</h2><table>");
    row(h, "Messages", ReportFormat.number(o.messages()) + " (" + ReportFormat.number(o.recipients()) + " recipients)");
    row(h, "Recipients delivered / bounced / deferred / expired", ReportFormat.number(o.sent()) + " / " + ReportFormat.number(o.bounced())
        + " / " + ReportFormat.number(o.deferred()) + " / " + ReportFormat.number(o.expired()));
    row(h, "Logins / failed logins", ReportFormat.number(o.logins()) + " / " + ReportFormat.number(o.authFailures()));
    h.append("</table>");
    if (!o.hourly().isEmpty()) {
      List<String> labels = o.hourly().stream().map(x -> f.hour(x.hour())).toList();
      List<long[]> series = new ArrayList<>();
      series.add(o.hourly().stream().mapToLong(ReplayReport.HourOutcomes::sent).toArray());
      series.add(o.hourly().stream().mapToLong(ReplayReport.HourOutcomes::deferred).toArray());
      series.add(o.hourly().stream().mapToLong(ReplayReport.HourOutcomes::bounced).toArray());
      series.add(o.hourly().stream().mapToLong(ReplayReport.HourOutcomes::expired).toArray());
      h.append(SvgChart.hourlyBars("Recipients per hour by outcome", labels, series, List.of("sent", "deferred", "bounced", "expired"), -1));
      h.append(SvgChart.hourlyBars("Messages submitted per hour", labels,
          List.<long[]>of(o.hourly().stream().mapToLong(ReplayReport.HourOutcomes::submitted).toArray()), List.of("messages"), -1));
    }
    h.append("<div class=\"grid\">");
    h.append(SvgChart.topBars("Top senders (messages)", o.topSenders().stream()
        .map(s -> new ReplayReport.Count(s.account(), s.messages())).toList()));
    h.append(SvgChart.topBars("Logins by country", o.loginsByCountry()));
    h.append(SvgChart.topBars("Failed logins by IP", o.authFailuresByIp()));
    h.append("</div><table><tr><th>Top sender</th><th>messages</th><th>recipients</th><th>bounced</th></tr>");
    o.topSenders().forEach(s -> h.append("<tr><td>").append(escape(s.account())).append("</td><td class=\"n\">").append(ReportFormat.number(s.messages()))
        .append("</td><td class=\"n\">").append(ReportFormat.number(s.recipients())).append("</td><td class=\"n\">")
        .append(ReportFormat.number(s.bounced())).append("</td></tr>"));
    h.append("</table></section>");
  }

  private static void unparsed(StringBuilder h, ReplayReport.Unparsed u) {
    h.append("<section id=\"unparsed\"><h2>Lines</h2><table>");
    row(h, "Parsed", ReportFormat.number(u.parsed()));
    row(h, "Ignored (not an MTA line, or nothing the detectors need)", ReportFormat.number(u.ignored()));
    row(h, "Could not be read", ReportFormat.number(u.unsupported()));
    row(h, "Outcomes of mail not submitted here (inbound, or before the log starts)", ReportFormat.number(u.uncorrelated()));
    row(h, "Events too late for the detectors (files out of time order?)", ReportFormat.number(u.late()));
    h.append("</table>");
    if (!u.byReason().isEmpty()) {
      h.append("<table><tr><th>count</th><th>MTA/program</th><th>reason</th></tr>");
      u.byReason().forEach(r -> h.append("<tr><td class=\"n\">").append(ReportFormat.number(r.count())).append("</td><td>")
          .append(escape(r.mta() + "/" + r.program())).append("</td><td>").append(escape(r.reason())).append("</td></tr>"));
      h.append("</table>");
    }
    if (!u.samples().isEmpty()) {
      h.append("<p>Samples:</p>");
      u.samples().forEach(s -> h.append("<pre title=\"").append(escape(s.reason())).append("\">").append(escape(s.line())).append("</pre>"));
    }
    h.append("</section>");
  }
}
