package sentinel.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The alerting and recording rules of alerts/rules, and the promtool unit tests of alerts/tests. */
final class AlertRules {
  static final String RULES = "alerts/rules/sentinel.rules.yml";
  static final String RUNBOOK_BASE =
      "https://github.com/outbound-sentinel/outbound-sentinel/blob/main/alerts/runbook.md";
  private static final Pattern TEMPLATE_QUERY = Pattern.compile("(?:query|printf) \"((?:[^\"\\\\]|\\\\.)*)\"");

  private AlertRules() {}

  /** One alerting rule. */
  record Alert(String name, String expr, String forDuration, Map<String, String> labels, Map<String, String> annotations) {
    String severity() {
      return labels.getOrDefault("severity", "");
    }
  }

  /** One constant recording rule of the thresholds group. */
  record Threshold(String name, String expr) {}

  /** One expectation of a promtool test: which severities of an alert fire at a time. */
  record Expectation(String testName, String alertname, Duration evalTime, List<String> severities) {}

  static JsonNode rulesTree() {
    return OpsFiles.yaml(OpsFiles.path(RULES));
  }

  static List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (JsonNode group : rulesTree().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(new Alert(rule.path("alert").asText(), rule.path("expr").asText(), rule.path("for").asText(null),
              strings(rule.path("labels")), strings(rule.path("annotations"))));
        }
      }
    }
    return alerts;
  }

  static List<Threshold> thresholds() {
    List<Threshold> out = new ArrayList<>();
    for (JsonNode group : rulesTree().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("record") && rule.path("record").asText().startsWith("sentinel:threshold:")) {
          out.add(new Threshold(rule.path("record").asText(), rule.path("expr").asText()));
        }
      }
    }
    return out;
  }

  static List<String> recordNames() {
    List<String> out = new ArrayList<>();
    for (JsonNode group : rulesTree().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("record")) {
          out.add(rule.path("record").asText());
        }
      }
    }
    return out;
  }

  static List<Path> testFiles() {
    return OpsFiles.files("alerts/tests", ".test.yml");
  }

  static List<Expectation> expectations() {
    List<Expectation> out = new ArrayList<>();
    for (Path file : testFiles()) {
      for (JsonNode test : OpsFiles.yaml(file).path("tests")) {
        String name = file.getFileName() + ": " + test.path("name").asText();
        for (JsonNode check : test.path("alert_rule_test")) {
          List<String> severities = new ArrayList<>();
          check.path("exp_alerts").forEach(a -> severities.add(a.path("exp_labels").path("severity").asText()));
          out.add(new Expectation(name, check.path("alertname").asText(),
              duration(check.path("eval_time").asText()), severities));
        }
      }
    }
    return out;
  }

  /** PromQL inside annotation templates: the strings given to {@code query} or {@code printf ... | query}. */
  static List<String> templateQueries(Alert alert) {
    List<String> out = new ArrayList<>();
    for (String text : alert.annotations().values()) {
      Matcher m = TEMPLATE_QUERY.matcher(text);
      while (m.find()) {
        // printf "%.0f" formats a value; only the printf of a query string holds PromQL.
        if (!m.group(1).startsWith("%")) {
          out.add(m.group(1).replace("\\\"", "\"").replace("%q", "\"x\""));
        }
      }
    }
    return out;
  }

  /** Prometheus durations as used here: 90s, 5m, 1h, 1h30m. */
  static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text);
    Duration d = Duration.ZERO;
    int consumed = 0;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      consumed += m.group().length();
    }
    if (consumed != text.length() || text.isEmpty()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    return d;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
