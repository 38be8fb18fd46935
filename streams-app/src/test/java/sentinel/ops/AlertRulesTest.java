package sentinel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sentinel.ops.AlertRules.Alert;
import sentinel.ops.AlertRules.Expectation;
import sentinel.ops.AlertRules.Threshold;

/** alerts/rules and alerts/tests: promtool's verdict plus the conventions of STYLE.md point 13. */
class AlertRulesTest {
  private static final Set<String> SEVERITIES = Set.of("warning", "critical");
  /** Series Prometheus makes itself, not exported by a component. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.:])(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)(?![\\w.])");

  @Test
  void promtoolAcceptsTheRuleFile() {
    Path promtool = Tools.require("promtool", "prometheus");

    Tools.Run run = Tools.run(OpsFiles.root(), promtool, "check", "rules", AlertRules.RULES);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void promtoolUnitTestsOfEveryAlertPass() {
    Path promtool = Tools.require("promtool", "prometheus");
    List<String> tests = AlertRules.testFiles().stream().map(p -> OpsFiles.root().relativize(p).toString()).toList();

    Tools.Run run = Tools.run(OpsFiles.root(), promtool, Tools.concat(new String[] {"test", "rules"}, tests));

    assertThat(tests).isNotEmpty();
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain("FAILED");
  }

  @Test
  void everyAlertHasForSeveritySummaryTemplatedDescriptionAndRunbookLink() {
    List<Alert> alerts = AlertRules.alerts();

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(12);
    assertThat(alerts).allSatisfy(a -> {
      assertThat(a.forDuration()).as("%s for", a.name()).isNotBlank();
      assertThat(AlertRules.duration(a.forDuration())).as("%s for", a.name()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
      assertThat(a.severity()).as("%s severity", a.name()).isIn(SEVERITIES);
      assertThat(a.annotations().get("summary")).as("%s summary", a.name()).isNotBlank();
      assertThat(a.annotations().get("description")).as("%s description", a.name()).contains("{{");
      assertThat(a.annotations().get("runbook_url")).as("%s runbook_url", a.name())
          .isEqualTo(AlertRules.RUNBOOK_BASE + "#alert-name-" + a.name().toLowerCase(Locale.ROOT));
    });
  }

  @Test
  void everyRunbookLinkLandsOnASectionOfTheRunbook() {
    String runbook = OpsFiles.text(OpsFiles.path("alerts/runbook.md"));

    assertThat(AlertRules.alerts()).allSatisfy(a ->
        assertThat(runbook).as("runbook section for %s", a.name())
            .contains("\n## alert-name-" + a.name().toLowerCase(Locale.ROOT) + "\n"));
  }

  @Test
  void alertExpressionsCompareOnlyAgainstNamedThresholds() {
    // 0 and 1 are states (no data, flagged, up), not tunable thresholds.
    Map<String, List<String>> inlineNumbers = new TreeMap<>();
    for (Alert a : AlertRules.alerts()) {
      String bare = a.expr().replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("\\[[^\\]]*]", "");
      Matcher m = NUMBER.matcher(bare);
      while (m.find()) {
        if (Double.parseDouble(m.group(1)) != 0 && Double.parseDouble(m.group(1)) != 1) {
          inlineNumbers.computeIfAbsent(a.name() + "/" + a.severity(), k -> new ArrayList<>()).add(m.group(1));
        }
      }
    }

    assertThat(inlineNumbers).as("numbers inside alert expressions; move them to sentinel-thresholds").isEmpty();
  }

  @Test
  void everyThresholdAnAlertNamesIsDefinedAndEveryWarningIsBelowItsCritical() {
    Map<String, Double> values = AlertRules.thresholds().stream()
        .collect(Collectors.toMap(Threshold::name, AlertRulesTest::constant));
    Set<String> used = AlertRules.alerts().stream()
        .flatMap(a -> PromQl.metricNames(a.expr()).stream())
        .filter(n -> n.startsWith("sentinel:threshold:"))
        .collect(Collectors.toSet());

    assertThat(values.keySet()).as("thresholds defined").containsAll(used);
    assertThat(used).as("thresholds used by some alert").containsAll(values.keySet());
    values.forEach((name, value) -> {
      if (name.endsWith(":warning")) {
        String critical = name.replaceFirst(":warning$", ":critical");
        if (values.containsKey(critical)) {
          assertThat(value).as("%s below %s", name, critical).isLessThan(values.get(critical));
        }
      }
    });
    assertThat(values.keySet()).anyMatch(n -> n.endsWith(":critical"));
  }

  @Test
  void everyAlertSeverityIsTestedSilentOneMinuteBeforeItFires() {
    List<Expectation> expectations = AlertRules.expectations();
    Set<String> alertnames = AlertRules.alerts().stream().map(Alert::name).collect(Collectors.toSet());

    assertThat(expectations).extracting(Expectation::alertname).allMatch(alertnames::contains);
    for (Alert a : AlertRules.alerts()) {
      List<Expectation> firing = expectations.stream()
          .filter(e -> e.alertname().equals(a.name()) && e.severities().contains(a.severity()))
          .toList();
      assertThat(firing).as("a test where %s/%s fires", a.name(), a.severity()).isNotEmpty();
      assertThat(firing)
          .as("%s/%s: some test checks it silent one minute before its first firing check", a.name(), a.severity())
          .anyMatch(fires -> isFirstFiringOfItsTest(fires, a, expectations) && expectations.stream().anyMatch(e ->
              e.testName().equals(fires.testName()) && e.alertname().equals(a.name())
                  && e.evalTime().equals(fires.evalTime().minusMinutes(1)) && !e.severities().contains(a.severity())));
    }
  }

  private static boolean isFirstFiringOfItsTest(Expectation fires, Alert a, List<Expectation> all) {
    return all.stream().noneMatch(e -> e.testName().equals(fires.testName()) && e.alertname().equals(a.name())
        && e.severities().contains(a.severity()) && e.evalTime().compareTo(fires.evalTime()) < 0);
  }

  @Test
  void everyWarningCriticalPairIsTestedToWarnFirst() {
    Map<String, Set<String>> severitiesByAlert = new TreeMap<>();
    AlertRules.alerts().forEach(a -> severitiesByAlert.computeIfAbsent(a.name(), k -> new HashSet<>()).add(a.severity()));
    List<String> pairs = severitiesByAlert.entrySet().stream()
        .filter(e -> e.getValue().containsAll(SEVERITIES)).map(Map.Entry::getKey).toList();
    List<Expectation> expectations = AlertRules.expectations();

    assertThat(pairs).hasSizeGreaterThanOrEqualTo(3);
    for (String pair : pairs) {
      assertThat(expectations)
          .as("a test where %s warns while the critical is still silent, then pages", pair)
          .anySatisfy(warnOnly -> {
            assertThat(warnOnly.alertname()).isEqualTo(pair);
            assertThat(warnOnly.severities()).containsExactly("warning");
            assertThat(expectations).anyMatch(later -> later.testName().equals(warnOnly.testName())
                && later.alertname().equals(pair) && later.evalTime().compareTo(warnOnly.evalTime()) > 0
                && later.severities().contains("critical"));
            assertThat(expectations).noneMatch(earlier -> earlier.testName().equals(warnOnly.testName())
                && earlier.alertname().equals(pair) && earlier.evalTime().compareTo(warnOnly.evalTime()) < 0
                && earlier.severities().contains("critical"));
          });
    }
  }

  @Test
  void everyMetricTheRulesReadIsInTheMetricsContract() {
    MetricsContract contract = MetricsContract.load();
    Set<String> records = new HashSet<>(AlertRules.recordNames());
    Map<String, Set<String>> unknown = new TreeMap<>();
    for (Alert a : AlertRules.alerts()) {
      List<String> exprs = new ArrayList<>(AlertRules.templateQueries(a));
      exprs.add(a.expr());
      for (String expr : exprs) {
        for (String name : PromQl.metricNames(expr)) {
          if (!contract.covers(name) && !records.contains(name) && !PROMETHEUS_SERIES.contains(name)) {
            unknown.computeIfAbsent(a.name(), k -> new HashSet<>()).add(name);
          }
        }
      }
    }

    assertThat(unknown).as("metrics used by alerts but missing from docs/metrics-contract.json").isEmpty();
  }

  @Test
  void annotationTemplatesQueryMetricsToo() {
    // Guards the check above: if the template parser found nothing, it would pass vacuously.
    Alert compromised = AlertRules.alerts().stream().filter(a -> a.name().equals("SentinelAccountCompromised")).findFirst().orElseThrow();

    assertThat(AlertRules.templateQueries(compromised)).singleElement().satisfies(q ->
        assertThat(PromQl.metricNames(q)).containsExactly("sentinel_account_sends_total"));
  }

  private static double constant(Threshold t) {
    Matcher m = Pattern.compile("^vector\\(([0-9.eE+-]+)\\)$").matcher(t.expr().trim());
    assertThat(m.matches()).as("%s must be vector(<number>), was %s", t.name(), t.expr()).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
