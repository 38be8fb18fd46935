package sentinel.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboards of grafana/dashboards and the PromQL they hold. */
final class Dashboards {
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)");

  private Dashboards() {}

  /** One PromQL expression and where it sits. */
  record Expr(String where, String promql) {}

  static List<Path> files() {
    return OpsFiles.files("grafana/dashboards", ".json");
  }

  /** Every {@code expr} of panels (nested rows too) and annotations. */
  static List<Expr> expressions(Path file) {
    List<Expr> out = new ArrayList<>();
    collect(OpsFiles.json(file), file.getFileName().toString(), out);
    return out;
  }

  /** Metric names of {@code label_values(metric, label)} variable queries. */
  static List<String> variableMetrics(Path file) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : OpsFiles.json(file).path("templating").path("list")) {
      JsonNode q = v.path("query");
      String text = q.isTextual() ? q.asText() : q.path("query").asText();
      Matcher m = LABEL_VALUES.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static void collect(JsonNode node, String where, List<Expr> out) {
    if (node.isObject()) {
      String here = node.has("title") ? where + " / " + node.path("title").asText() : where;
      node.properties().forEach(e -> {
        if (e.getKey().equals("expr") && e.getValue().isTextual()) {
          out.add(new Expr(here, e.getValue().asText()));
        } else {
          collect(e.getValue(), here, out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, where, out));
    }
  }
}
