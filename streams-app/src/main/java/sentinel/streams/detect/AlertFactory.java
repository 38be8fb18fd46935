package sentinel.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import sentinel.streams.model.Alert;

/** Writes alerts in words an admin can act on: the verdict, each signal behind it, since when, from where, what to do. */
final class AlertFactory {
  private static final int SAMPLE = 10;

  private AlertFactory() {}

  static Alert forAccount(String account, Verdict v, SubjectState state, long minute, Instant now) {
    Finding primary = v.primary();
    Instant since = v.since();
    List<String> countries = state.countriesWithin(minute, 60, c -> true);
    Set<String> ips = new LinkedHashSet<>();
    v.findings().forEach(f -> ips.addAll(f.clientIps()));
    ips.addAll(state.clientIpsWithin(minute, 60));
    List<String> reasons = new ArrayList<>();
    reasons.add(headline(v, since, countries, ips.size()));
    for (Finding f : v.findings()) {
      f.reasons().forEach(r -> reasons.add(f.type() + ": " + r));
    }
    return new Alert(id(account, v.type(), since), v.type(), v.severity(), account, primary.window(), primary.observed(),
        primary.baseline(), countries, sample(new ArrayList<>(ips)), reasons, advice(v), since, now);
  }

  static Alert forIp(String subject, Finding f, Instant now) {
    return new Alert(id(subject, f.type(), f.since()), f.type(), "warning", subject, f.window(), f.observed(), f.baseline(),
        List.of(), List.of(subject.substring(3)), f.reasons(), f.advice(), f.since(), now);
  }

  static String id(String subject, String type, Instant since) {
    return subject + "/" + type + "/" + since.getEpochSecond() / 60;
  }

  private static String headline(Verdict v, Instant since, List<String> countries, int ips) {
    List<String> signals = v.findings().stream().map(Finding::type).toList();
    String where = (countries.isEmpty() ? "" : " from " + String.join(", ", countries)) + (ips == 0 ? "" : " (" + ips + (ips == 1 ? " client IP)" : " client IPs)"));
    return v.type() + " since " + since + where + ": " + String.join(" + ", signals)
        + (v.score() > 0 ? " (score " + v.score() + ")" : "");
  }

  private static String advice(Verdict v) {
    Set<String> parts = new LinkedHashSet<>();
    if (Verdict.COMPROMISED.equals(v.type())) {
      parts.add("Password very likely leaked: reset the account's password now, then review the held mail"
          + " (postqueue -p; release with postsuper -H, delete spam with postsuper -d) and check the server's IP against blocklists.");
    }
    v.findings().forEach(f -> parts.add(f.advice()));
    return String.join(" ", parts);
  }

  private static List<String> sample(List<String> ips) {
    return ips.size() <= SAMPLE ? ips : ips.subList(0, SAMPLE);
  }
}
