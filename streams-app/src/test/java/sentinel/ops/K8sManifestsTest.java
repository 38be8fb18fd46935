package sentinel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * k8s/: kubectl and kustomize are not on the build machines, so this parses the manifests and
 * checks what a bad edit typically breaks: missing files, selectors that match nothing, the
 * PrometheusRule drifting from alerts/rules. It runs {@code kustomize build} too when available.
 */
class K8sManifestsTest {

  @Test
  void everyManifestParsesAndNamesItsKind() {
    List<Path> files = OpsFiles.files("k8s", ".yaml", ".yml");

    assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    assertThat(files).allSatisfy(f -> assertThat(OpsFiles.yamlDocuments(f)).as(f.toString())
        .isNotEmpty().allSatisfy(doc -> assertThat(doc.path("kind").asText()).as(f.toString()).isNotBlank()));
  }

  @Test
  void everyFileAKustomizationNamesExists() {
    for (Path k : OpsFiles.files("k8s", "kustomization.yaml")) {
      JsonNode kust = OpsFiles.yaml(k);
      Path dir = k.getParent();
      List<String> named = new ArrayList<>();
      kust.path("resources").forEach(r -> named.add(r.asText()));
      kust.path("patches").forEach(p -> named.add(p.path("path").asText()));
      kust.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> named.add(f.asText().replaceFirst("^[^=]+=", ""))));

      assertThat(named).as(k.toString()).isNotEmpty().allSatisfy(n -> assertThat(dir.resolve(n)).as("%s names %s", k, n).exists());
    }
  }

  @Test
  void everyServiceSelectsThePodsOfAWorkload() {
    List<JsonNode> docs = baseDocuments();
    List<Map<String, String>> podLabels = docs.stream()
        .filter(d -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(d.path("kind").asText()))
        .map(d -> strings(d.path("spec").path("template").path("metadata").path("labels"))).toList();
    List<JsonNode> services = docs.stream().filter(d -> d.path("kind").asText().equals("Service")).toList();

    assertThat(services).hasSize(3);
    assertThat(services).allSatisfy(s -> {
      Map<String, String> selector = strings(s.path("spec").path("selector"));
      assertThat(selector).isNotEmpty();
      assertThat(podLabels).as("pods selected by service %s", s.path("metadata").path("name").asText())
          .anyMatch(labels -> labels.entrySet().containsAll(selector.entrySet()));
    });
  }

  @Test
  void serviceMonitorsNameTheJobsTheAlertRulesExpect() {
    List<JsonNode> docs = baseDocuments();
    Set<String> jobs = docs.stream().filter(d -> d.path("kind").asText().equals("ServiceMonitor"))
        .flatMap(sm -> {
          String jobLabel = sm.path("spec").path("jobLabel").asText();
          Map<String, String> selector = strings(sm.path("spec").path("selector").path("matchLabels"));
          return docs.stream().filter(d -> d.path("kind").asText().equals("Service"))
              .map(s -> strings(s.path("metadata").path("labels")))
              .filter(l -> l.entrySet().containsAll(selector.entrySet()))
              .map(l -> l.get(jobLabel));
        })
        .collect(Collectors.toSet());
    String targetDown = AlertRules.alerts().stream().filter(a -> a.name().equals("SentinelTargetDown")).findFirst().orElseThrow().expr();

    assertThat(jobs).containsExactlyInAnyOrder("sentinel-shipper", "sentinel-monitor", "sentinel-hook");
    assertThat(targetDown).contains("sentinel-(shipper|monitor|hook)");
  }

  @Test
  void theMonitorKeepsRocksDbStateOnAVolumeWithOneStandbyReplica() throws Exception {
    JsonNode sts = baseDocuments().stream().filter(d -> d.path("kind").asText().equals("StatefulSet")).findFirst().orElseThrow();
    Properties config = new Properties();
    try (var in = Files.newBufferedReader(OpsFiles.path("k8s/base/config/monitor.properties"))) {
      config.load(in);
    }
    List<String> mounts = new ArrayList<>();
    sts.path("spec").path("template").path("spec").path("containers").get(0).path("volumeMounts")
        .forEach(m -> mounts.add(m.path("name").asText() + "=" + m.path("mountPath").asText()));

    assertThat(sts.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("state");
    assertThat(config.getProperty("kafka.num.standby.replicas")).isEqualTo("1");
    // The Streams state dir lies on the state volume (in a subdirectory the process creates and owns).
    String stateDir = config.getProperty("kafka.state.dir");
    assertThat(mounts).anySatisfy(m -> {
      assertThat(m).startsWith("state=");
      assertThat(stateDir).startsWith(m.substring("state=".length()) + "/");
    });
  }

  @Test
  void theHookServesPolicyRequestsOnPort10040OnlyToTheMta() {
    List<JsonNode> docs = baseDocuments();
    JsonNode hookService = docs.stream().filter(d -> d.path("kind").asText().equals("Service")
        && d.path("metadata").path("name").asText().equals("sentinel-hook")).findFirst().orElseThrow();
    JsonNode policy = docs.stream().filter(d -> d.path("kind").asText().equals("NetworkPolicy")
        && d.path("metadata").path("name").asText().equals("sentinel-hook-ingress")).findFirst().orElseThrow();

    assertThat(hookService.path("spec").path("ports")).anySatisfy(p -> assertThat(p.path("port").asInt()).isEqualTo(10040));
    assertThat(policy.path("spec").path("ingress")).anySatisfy(rule -> {
      assertThat(rule.path("ports").get(0).path("port").asInt()).isEqualTo(10040);
      assertThat(rule.path("from").toString()).contains("outbound-sentinel/mta-client");
    });
  }

  @Test
  void thePrometheusRuleIsTheAlertRuleFile() {
    JsonNode rule = OpsFiles.yaml(OpsFiles.path("k8s/base/prometheusrule.yaml"));

    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("spec"))
        .as("k8s/base/prometheusrule.yaml is stale: run k8s/gen-prometheusrule.sh")
        .isEqualTo(AlertRules.rulesTree());
  }

  @Test
  void kustomizeBuildsTheProductionOverlay() {
    Path kustomize = Tools.require("kustomize", "kustomize (not packaged by Debian 12)");

    Tools.Run run = Tools.run(OpsFiles.root(), kustomize, "build", "k8s/overlays/production");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("kind: StatefulSet", "kind: PrometheusRule");
  }

  private static List<JsonNode> baseDocuments() {
    return OpsFiles.files("k8s/base", ".yaml").stream()
        .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
        .flatMap(f -> OpsFiles.yamlDocuments(f).stream()).toList();
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
