package sentinel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grafana/: valid dashboards with stable UIDs and variables, parseable PromQL, contract metrics only. */
class DashboardsTest {

  @Test
  void theOverviewAndTheAccountDrillDownHaveStableUids() {
    Map<String, String> uids = new TreeMap<>();
    Dashboards.files().forEach(f -> uids.put(f.getFileName().toString(), OpsFiles.json(f).path("uid").asText()));

    assertThat(uids).containsExactlyInAnyOrderEntriesOf(Map.of(
        "overview.json", "sentinel-overview",
        "account.json", "sentinel-account"));
  }

  @Test
  void panelsUseTheDatasourceVariableInsteadOfAFixedDatasource() {
    for (Path f : Dashboards.files()) {
      JsonNode d = OpsFiles.json(f);
      List<String> variables = new ArrayList<>();
      d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
      List<String> fixed = new ArrayList<>();
      collectDatasourceUids(d.path("panels"), fixed);
      d.path("annotations").path("list").forEach(a -> {
        if (a.has("expr")) {
          collectDatasourceUids(a, fixed);
        }
      });

      assertThat(variables).as(f.getFileName().toString()).contains("datasource", "monitor_job");
      assertThat(fixed).as("%s datasource uids", f.getFileName()).isNotEmpty().allMatch("${datasource}"::equals);
    }
  }

  @Test
  void theAccountDashboardIsDrivenByAnAccountVariable() {
    JsonNode account = OpsFiles.json(OpsFiles.path("grafana/dashboards/account.json"));
    List<Dashboards.Expr> exprs = Dashboards.expressions(OpsFiles.path("grafana/dashboards/account.json"));

    assertThat(account.path("templating").path("list")).anySatisfy(v -> assertThat(v.path("name").asText()).isEqualTo("account"));
    assertThat(exprs).filteredOn(e -> e.promql().contains("account=\"$account\"")).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void everyPanelExpressionParses(@TempDir Path dir) throws IOException {
    Path promtool = Tools.require("promtool", "prometheus");
    List<Dashboards.Expr> exprs = Dashboards.files().stream().flatMap(f -> Dashboards.expressions(f).stream()).toList();

    Tools.Run run = checkAsRecordingRules(promtool, dir, exprs.stream().map(Dashboards.Expr::promql).toList());

    assertThat(exprs).hasSizeGreaterThan(30);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + exprs.size() + " rules found");
  }

  @Test
  void theParseCheckRejectsABrokenExpression(@TempDir Path dir) throws IOException {
    // Proves the check above can fail: promtool must refuse an unbalanced expression.
    Path promtool = Tools.require("promtool", "prometheus");

    Tools.Run run = checkAsRecordingRules(promtool, dir, List.of("sum(rate(sentinel_auth_total[$__rate_interval])"));

    assertThat(run.exitCode()).isNotZero();
  }

  @Test
  void everyMetricAPanelOrVariableUsesIsInTheMetricsContract() {
    MetricsContract contract = MetricsContract.load();
    Map<String, Set<String>> unknown = new TreeMap<>();
    Set<String> used = new HashSet<>();
    for (Path f : Dashboards.files()) {
      for (Dashboards.Expr e : Dashboards.expressions(f)) {
        for (String name : PromQl.metricNames(PromQl.withGrafanaVariablesSubstituted(e.promql()))) {
          used.add(name);
          if (!contract.covers(name)) {
            unknown.computeIfAbsent(e.where(), k -> new HashSet<>()).add(name);
          }
        }
      }
      for (String name : Dashboards.variableMetrics(f)) {
        used.add(name);
        if (!contract.covers(name)) {
          unknown.computeIfAbsent(f.getFileName() + " variables", k -> new HashSet<>()).add(name);
        }
      }
    }

    assertThat(used).contains("sentinel_account_flagged", "sentinel_auth_total", "sentinel_logins_country_total",
        "sentinel_pipeline_latency_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max");
    assertThat(unknown).as("metrics used by dashboards but missing from docs/metrics-contract.json").isEmpty();
  }

  @Test
  void provisioningFilesPointAtThePrometheusDatasourceAndTheDashboardsFolder() {
    JsonNode ds = OpsFiles.yaml(OpsFiles.path("grafana/provisioning/datasources/prometheus.yml"));
    JsonNode dash = OpsFiles.yaml(OpsFiles.path("grafana/provisioning/dashboards/sentinel.yml"));

    assertThat(ds.path("datasources")).singleElement().satisfies(d -> {
      assertThat(d.path("type").asText()).isEqualTo("prometheus");
      assertThat(d.path("uid").asText()).isNotBlank();
    });
    assertThat(dash.path("providers")).singleElement().satisfies(p -> {
      assertThat(p.path("type").asText()).isEqualTo("file");
      assertThat(p.path("options").path("path").asText()).isNotBlank();
    });
  }

  private static Tools.Run checkAsRecordingRules(Path promtool, Path dir, List<String> exprs) throws IOException {
    ObjectNode root = OpsFiles.YAML.createObjectNode();
    ObjectNode group = root.putArray("groups").addObject();
    group.put("name", "dashboard-expressions");
    ArrayNode rules = group.putArray("rules");
    for (int i = 0; i < exprs.size(); i++) {
      rules.addObject().put("record", "dashboard:expr_" + i).put("expr", PromQl.withGrafanaVariablesSubstituted(exprs.get(i)));
    }
    Path file = dir.resolve("dashboard-expressions.yml");
    Files.writeString(file, OpsFiles.YAML.writeValueAsString(root));
    return Tools.run(dir, promtool, "check", "rules", file.getFileName().toString());
  }

  private static void collectDatasourceUids(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode ds = node.path("datasource");
      if (ds.isObject() && "prometheus".equals(ds.path("type").asText())) {
        out.add(ds.path("uid").asText());
      } else if (ds.isTextual()) {
        out.add(ds.asText());
      }
      node.properties().forEach(e -> {
        if (!e.getKey().equals("datasource")) {
          collectDatasourceUids(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(c -> collectDatasourceUids(c, out));
    }
  }
}
