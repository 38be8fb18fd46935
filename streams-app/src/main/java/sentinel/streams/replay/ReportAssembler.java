package sentinel.streams.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import sentinel.common.contract.AccountDecision;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.detect.Episode;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.model.Alert;

/**
 * Builds the {@link ReplayReport} from what the topology produced: its alerts and decisions, its
 * meters (parse outcomes, duplicates, unmatched lines), its subject-state store (episodes still open
 * at the end of the log) and the account events gathered in {@link EventFacts}.
 */
final class ReportAssembler {
  private static final int TOP = 10;
  private static final int HOURS_BEFORE = 24;
  private static final int HOURS_AFTER = 24;
  private final MonitorConfig config;
  private final ReplayOptions options;
  private final EventFacts facts;
  private final List<Alert> alerts;
  private final Map<String, AccountDecision> decisions;
  private final MeterRegistry registry;
  private final KeyValueStore<String, SubjectState> states;
  private final UnparsedSamples samples;

  ReportAssembler(MonitorConfig config, ReplayOptions options, EventFacts facts, List<Alert> alerts,
      Map<String, AccountDecision> decisions, MeterRegistry registry, KeyValueStore<String, SubjectState> states,
      UnparsedSamples samples) {
    this.config = config;
    this.options = options;
    this.facts = facts;
    this.alerts = alerts;
    this.decisions = decisions;
    this.registry = registry;
    this.states = states;
    this.samples = samples;
  }

  ReplayReport assemble(ReplayReport.Run run) {
    Map<String, List<Alert>> bySubject = new LinkedHashMap<>();
    alerts.stream().sorted(Comparator.comparing(Alert::detectedAt))
        .forEach(a -> bySubject.computeIfAbsent(a.subject(), s -> new ArrayList<>()).add(a));
    Map<Verdicts.Group, List<ReplayReport.Finding>> grouped = new LinkedHashMap<>();
    Verdicts.GROUPS.forEach(g -> grouped.put(g, new ArrayList<>()));
    for (Map.Entry<String, List<Alert>> e : bySubject.entrySet()) {
      if (!concernsFocus(e.getKey())) {
        continue;
      }
      List<String> types = e.getValue().stream().map(Alert::type).distinct().toList();
      Verdicts.Group group = Verdicts.groupOf(e.getKey(), types);
      grouped.get(group).add(finding(e.getKey(), e.getValue(), group, run.lastEvent()));
    }
    List<ReplayReport.VerdictGroup> verdicts = new ArrayList<>();
    grouped.forEach((g, findings) -> {
      if (!findings.isEmpty()) {
        findings.sort(Comparator.comparing((ReplayReport.Finding f) -> !"critical".equals(f.severity()))
            .thenComparing(f -> -f.evidence().messages() - f.evidence().authFailures()));
        verdicts.add(new ReplayReport.VerdictGroup(g.id(), g.title(), g.meaning(), List.copyOf(findings)));
      }
    });
    ReplayReport.Finding focus = null;
    if (options.account() != null) {
      List<Alert> own = bySubject.getOrDefault(options.account(), List.of());
      focus = finding(options.account(), own, Verdicts.groupOf(options.account(), own.stream().map(Alert::type).toList()),
          run.lastEvent());
    }
    return new ReplayReport(run, verdicts, focus, overview(), unparsed());
  }

  /** With {@code --account}: the account itself, and IPs that tried to log in as it. */
  private boolean concernsFocus(String subject) {
    if (options.account() == null || subject.equals(options.account())) {
      return true;
    }
    EventFacts.IpFacts ip = subject.startsWith("ip:") ? facts.failingIps().get(subject.substring(3)) : null;
    return ip != null && ip.accountsTried.get(options.account()) > 0;
  }

  private ReplayReport.Finding finding(String subject, List<Alert> subjectAlerts, Verdicts.Group group, Instant end) {
    boolean ip = subject.startsWith("ip:");
    ReplayReport.Evidence evidence = ip ? ipEvidence(subject.substring(3), subjectAlerts) : accountEvidence(subject, subjectAlerts);
    String severity = subjectAlerts.stream().anyMatch(a -> "critical".equals(a.severity())) ? "critical"
        : subjectAlerts.isEmpty() ? "none" : "warning";
    AccountDecision decision = decisions.get(subject);
    Set<String> actions = new LinkedHashSet<>(group.actions());
    // The report's own advice covers the alert types it knows; for a type it does not (a new
    // detector), the detector's advice is what the admin gets.
    subjectAlerts.forEach(a -> {
      if (!Verdicts.knows(a.type()) && a.advice() != null && !a.advice().isBlank()) {
        actions.add(a.advice());
      }
    });
    long blockRelated = evidence.dsnCodes().stream().filter(c -> c.name().startsWith("5.7.")).mapToLong(ReplayReport.Count::count).sum();
    if (blockRelated > 0) {
      actions.add(blockRelated + " recipients were rejected with 5.7.x (policy/blocklist): check the server's"
          + " sending IPs against the blocklists (Spamhaus, Barracuda, SpamCop) and request delisting once the spam has stopped.");
    }
    if (ip) {
      List<String> loggedIn = accountsLoggedInFrom(subject.substring(3));
      if (!loggedIn.isEmpty()) {
        actions.add("Accounts that logged in successfully from this IP: " + String.join(", ", loggedIn)
            + " — treat them as compromised.");
      }
    }
    return new ReplayReport.Finding(subject, severity, subjectAlerts.stream().map(Alert::type).distinct().toList(),
        List.copyOf(subjectAlerts), decision == null ? null : decision.action().name(), stillActive(subject, end),
        evidence, List.copyOf(actions));
  }

  private List<String> accountsLoggedInFrom(String ip) {
    return facts.accounts().entrySet().stream().filter(e -> e.getValue().clientIps.get(ip) > 0)
        .map(Map.Entry::getKey).sorted().limit(TOP).toList();
  }

  /** An episode still open when the log ends: the activity may be going on right now. */
  private boolean stillActive(String subject, Instant end) {
    SubjectState state = end == null ? null : states.get(subject);
    if (state == null) {
      return false;
    }
    for (Episode e : state.episodes().values()) {
      if (!e.endedBy(end, config.detection().episodeQuiet())) {
        return true;
      }
    }
    return false;
  }

  private ReplayReport.Evidence accountEvidence(String account, List<Alert> subjectAlerts) {
    EventFacts.AccountFacts a = facts.accounts().get(account);
    if (a == null) {
      return new ReplayReport.Evidence(List.of(), 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), 0, List.of(), 0, List.of());
    }
    long anchor = anchorHour(subjectAlerts, a.hourly);
    List<ReplayReport.HourPoint> hourly = window(a.hourly, anchor);
    double baseline = baseline(a.hourly, anchor);
    List<ReplayReport.IpLogin> ips = a.clientIps.top(TOP).stream()
        .map(c -> new ReplayReport.IpLogin(c.name(), facts.countries().countryOf(c.name()), c.count())).toList();
    Tally countries = new Tally(Integer.MAX_VALUE);
    a.clientIps.top(Integer.MAX_VALUE).forEach(c -> countries.add(facts.countries().countryOf(c.name()), c.count()));
    subjectAlerts.forEach(al -> al.countries().forEach(c -> {
      if (countries.get(c) == 0) {
        countries.add(c, 0);
      }
    }));
    long outcomes = a.sent + a.bounced + a.expired;
    double bounceRatio = outcomes == 0 ? 0 : (double) (a.bounced + a.expired) / outcomes;
    return new ReplayReport.Evidence(hourly, baseline, a.messages, a.recipients, a.sent, a.bounced, a.deferred, bounceRatio,
        a.dsnCodes.top(TOP), ips, countries.top(TOP), 0, List.of(), a.inboundBounceCount,
        a.inboundBounceCount == 0 ? List.of() : window(a.inboundBounces, anchor));
  }

  private ReplayReport.Evidence ipEvidence(String ip, List<Alert> subjectAlerts) {
    EventFacts.IpFacts f = facts.failingIps().get(ip);
    if (f == null) {
      return new ReplayReport.Evidence(List.of(), 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), 0, List.of(), 0, List.of());
    }
    long anchor = anchorHour(subjectAlerts, f.hourly);
    String country = facts.countries().countryOf(ip);
    return new ReplayReport.Evidence(window(f.hourly, anchor), baseline(f.hourly, anchor), 0, 0, 0, 0, 0, 0, List.of(),
        List.of(new ReplayReport.IpLogin(ip, country, f.failures)), List.of(new ReplayReport.Count(country, f.failures)),
        f.failures, f.accountsTried.top(TOP), 0, List.of());
  }

  /** The hour the story turns: the first alert's start, or the busiest hour without alerts. */
  private static long anchorHour(List<Alert> subjectAlerts, HourSeries series) {
    if (!subjectAlerts.isEmpty()) {
      return HourSeries.hourOf(subjectAlerts.get(0).firstSeen());
    }
    return series.all().entrySet().stream().max(Comparator.comparingLong(e -> e.getValue()[0]))
        .map(Map.Entry::getKey).orElse(0L);
  }

  private ReplayReport.HourPoint point(long hour, long count) {
    return new ReplayReport.HourPoint(Instant.ofEpochSecond(hour * 3600), count);
  }

  /** Every hour of the log from a day before the anchor to a day after, zeros included. */
  private List<ReplayReport.HourPoint> window(HourSeries series, long anchor) {
    if (facts.outcomes().isEmpty() && series.isEmpty()) {
      return List.of();
    }
    long logFirst = Math.min(facts.outcomes().isEmpty() ? Long.MAX_VALUE : facts.outcomes().firstHour(),
        series.isEmpty() ? Long.MAX_VALUE : series.firstHour());
    long logLast = Math.max(facts.outcomes().isEmpty() ? Long.MIN_VALUE : facts.outcomes().lastHour(),
        series.isEmpty() ? Long.MIN_VALUE : series.lastHour());
    long from = Math.max(logFirst, anchor - HOURS_BEFORE);
    long to = Math.min(logLast, anchor + HOURS_AFTER);
    List<ReplayReport.HourPoint> out = new ArrayList<>();
    for (long h = from; h <= to; h++) {
      out.add(point(h, series.get(h, 0)));
    }
    return out;
  }

  /** Mean per hour over the day before the anchor hour, counting only hours the log covers. */
  private double baseline(HourSeries series, long anchor) {
    if (facts.outcomes().isEmpty()) {
      return 0;
    }
    long from = Math.max(facts.outcomes().firstHour(), anchor - HOURS_BEFORE);
    if (from >= anchor) {
      return 0;
    }
    long sum = 0;
    for (long h = from; h < anchor; h++) {
      sum += series.get(h, 0);
    }
    return (double) sum / (anchor - from);
  }

  private ReplayReport.Overview overview() {
    List<ReplayReport.HourOutcomes> hourly = new ArrayList<>();
    HourSeries o = facts.outcomes();
    if (!o.isEmpty()) {
      for (long h = o.firstHour(); h <= o.lastHour(); h++) {
        hourly.add(new ReplayReport.HourOutcomes(Instant.ofEpochSecond(h * 3600), o.get(h, EventFacts.SUBMITTED),
            o.get(h, EventFacts.SENT), o.get(h, EventFacts.BOUNCED), o.get(h, EventFacts.DEFERRED), o.get(h, EventFacts.EXPIRED)));
      }
    }
    List<ReplayReport.SenderRow> top = facts.accounts().entrySet().stream()
        .filter(e -> e.getValue().messages > 0)
        .sorted(Comparator.comparingLong((Map.Entry<String, EventFacts.AccountFacts> e) -> -e.getValue().messages)
            .thenComparing(Map.Entry::getKey))
        .limit(TOP)
        .map(e -> new ReplayReport.SenderRow(e.getKey(), e.getValue().messages, e.getValue().recipients, e.getValue().bounced))
        .toList();
    Tally failures = new Tally(Integer.MAX_VALUE);
    facts.failingIps().forEach((ip, f) -> failures.add(ip, f.failures));
    long sent = hourly.stream().mapToLong(ReplayReport.HourOutcomes::sent).sum();
    long bounced = hourly.stream().mapToLong(ReplayReport.HourOutcomes::bounced).sum();
    long deferred = hourly.stream().mapToLong(ReplayReport.HourOutcomes::deferred).sum();
    long expired = hourly.stream().mapToLong(ReplayReport.HourOutcomes::expired).sum();
    return new ReplayReport.Overview(facts.messages(), facts.recipients(), facts.logins(), facts.authFailures(),
        sent, bounced, deferred, expired, hourly, top, facts.loginsByCountry().top(TOP), failures.top(TOP));
  }

  private ReplayReport.Unparsed unparsed() {
    List<ReplayReport.Reason> reasons = registry.find("sentinel.parse.unsupported").counters().stream()
        .map(c -> new ReplayReport.Reason(c.getId().getTag("mta"), c.getId().getTag("program"), c.getId().getTag("reason"),
            (long) c.count()))
        .sorted(Comparator.comparingLong(ReplayReport.Reason::count).reversed().thenComparing(ReplayReport.Reason::reason))
        .toList();
    return new ReplayReport.Unparsed(lines("parsed"), lines("ignored"), lines("unsupported"),
        sum("sentinel.duplicates.dropped"), sum("sentinel.correlation.unmatched"), sum("sentinel.late.records.dropped"), reasons, samples.all());
  }

  private long lines(String outcome) {
    return (long) registry.find("sentinel.parse.lines").tag("outcome", outcome).counters().stream().mapToDouble(Counter::count).sum();
  }

  private long sum(String name) {
    return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }
}
