package sentinel.ops;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to list the metric names an expression selects. promtool checks the
 * syntax; this only needs to find names, so it strips what can hold other identifiers (strings,
 * label matchers, grouping clauses, ranges) and keeps identifiers that are not function calls or
 * keywords.
 */
final class PromQl {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of(
      "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
      "offset", "bool", "inf", "nan", "Inf", "NaN", "atan2", "start", "end");

  private PromQl() {}

  /** Metric names (and recording-rule names) selected by {@code expr}. */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll("");
    s = GROUPING.matcher(s).replaceAll("");
    s = RANGE.matcher(s).replaceAll("");
    // Grouping after the aggregation's argument: sum(x) by (a)
    s = GROUPING.matcher(s).replaceAll("");
    Set<String> names = new LinkedHashSet<>();
    // The look-behind skips unit letters of numbers and durations ("offset 1d", "1e3").
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String id = m.group(1);
      boolean call = m.group(2) != null;
      if (!call && !KEYWORDS.contains(id)) {
        names.add(id);
      }
    }
    return names;
  }

  /** Grafana template variables replaced by values PromQL accepts, so promtool can parse panels. */
  static String withGrafanaVariablesSubstituted(String expr) {
    return expr
        .replaceAll("\\$\\{?__(rate_interval|interval|range)(_ms|_s)?\\}?", "5m")
        .replaceAll("\\$\\{(\\w+)(:\\w+)?}", "x")
        .replaceAll("\\$(\\w+)", "x");
  }

  /** Removes the histogram and summary series suffixes: foo_seconds_bucket → foo_seconds. */
  static String family(String series) {
    return series.replaceFirst("_(bucket|count|sum)$", "");
  }
}
