package sentinel.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** docs/metrics-contract.json: every metric the components export, as Prometheus scrapes it. */
record MetricsContract(List<Entry> entries) {

  /** One metric family of the contract. */
  record Entry(String name, String type, List<String> labels, String component, String micrometer, String source) {}

  static MetricsContract load() {
    JsonNode root = OpsFiles.json(OpsFiles.path("docs/metrics-contract.json"));
    List<Entry> entries = new ArrayList<>();
    for (JsonNode e : root) {
      List<String> labels = new ArrayList<>();
      e.path("labels").forEach(l -> labels.add(l.asText()));
      entries.add(new Entry(e.path("name").asText(), e.path("type").asText(), List.copyOf(labels),
          e.path("component").asText(), e.path("micrometer").asText(), e.path("source").asText()));
    }
    return new MetricsContract(List.copyOf(entries));
  }

  Set<String> names() {
    return entries.stream().map(Entry::name).collect(Collectors.toSet());
  }

  /** True when {@code series} (possibly a histogram's _bucket/_count/_sum) is in the contract. */
  boolean covers(String series) {
    return names().contains(series) || names().contains(PromQl.family(series));
  }
}
