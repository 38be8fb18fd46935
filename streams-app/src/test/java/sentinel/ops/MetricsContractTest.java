package sentinel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.ops.MetricsContract.Entry;

/**
 * docs/metrics-contract.json against Micrometer itself: each entry's Micrometer meter, registered
 * the way docs/metrics.md says, scrapes under the contract's name, type and labels. The
 * components' own scrape tests then compare their /metrics with the same file.
 */
class MetricsContractTest {
  private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);

  @Test
  void namesAreUniqueAndEveryEntryIsComplete() {
    List<Entry> entries = MetricsContract.load().entries();

    assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
    assertThat(entries).extracting(Entry::name).doesNotHaveDuplicates();
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.name()).matches("(sentinel|kafka)_[a-z0-9_]+");
      assertThat(e.type()).isIn("counter", "gauge", "histogram");
      assertThat(e.component()).isIn("shipper", "monitor", "hook");
      assertThat(e.source()).isIn("sentinel", "kafka-streams-binder");
      assertThat(e.labels()).allMatch(l -> l.matches("[a-z_]+")).doesNotContain("job", "instance");
    });
  }

  @Test
  void everySentinelEntryIsWhatMicrometerScrapesForItsMeter() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<Entry> entries = MetricsContract.load().entries().stream().filter(e -> e.source().equals("sentinel")).toList();
    for (Entry e : entries) {
      Tags tags = Tags.of(e.labels().stream().map(l -> io.micrometer.core.instrument.Tag.of(l, "x")).toList());
      switch (e.type()) {
        case "counter" -> Counter.builder(e.micrometer()).tags(tags).register(registry).increment();
        case "gauge" -> {
          // The _max gauge of a timer comes with the timer below.
          if (!e.name().endsWith("_seconds_max")) {
            Gauge.builder(e.micrometer(), () -> 1).tags(tags).register(registry);
          }
        }
        case "histogram" -> Timer.builder(e.micrometer()).tags(tags).publishPercentileHistogram().register(registry)
            .record(Duration.ofMillis(3));
        default -> throw new AssertionError(e.type());
      }
    }

    String scrape = registry.scrape();
    Set<String> scraped = typeLines(scrape);

    assertThat(scraped).containsExactlyInAnyOrderElementsOf(
        entries.stream().map(e -> e.name() + " " + e.type()).toList());
    for (Entry e : entries) {
      String sample = scrape.lines().filter(l -> l.startsWith(e.name() + "{") || l.startsWith(e.name() + " ")
          || l.startsWith(e.name() + "_count")).findFirst().orElseThrow();
      e.labels().forEach(l -> assertThat(sample).as(e.name()).contains(l + "=\"x\""));
    }
  }

  @Test
  void kafkaEntriesAreWhatTheKafkaStreamsBinderExports(@TempDir Path stateDir) {
    // A KafkaStreams that is created but never started registers its client metrics without
    // contacting a broker; an in-memory store keeps RocksDB out of the test.
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("ops-contract-in").groupByKey()
        .count(Materialized.as(Stores.inMemoryKeyValueStore("ops-contract-count"))).toStream().to("ops-contract-out");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-contract");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Set<String> scraped;
    String scrape;
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams)) {
      metrics.bindTo(registry);
      scrape = registry.scrape();
      scraped = typeLines(scrape);
    }
    List<Entry> kafka = MetricsContract.load().entries().stream().filter(e -> e.source().equals("kafka-streams-binder")).toList();

    assertThat(kafka).isNotEmpty();
    assertThat(scraped).containsAll(kafka.stream().map(e -> e.name() + " " + e.type()).toList());
    for (Entry e : kafka) {
      String sample = scrape.lines().filter(l -> l.startsWith(e.name() + "{")).findFirst().orElseThrow();
      e.labels().forEach(l -> assertThat(sample).as(e.name()).contains(l + "=\""));
    }
  }

  @Test
  void theHumanReadableContractListsEveryMetricOfTheJsonOne() {
    String doc = OpsFiles.text(OpsFiles.path("docs/metrics.md"));

    assertThat(MetricsContract.load().entries()).allSatisfy(e ->
        assertThat(doc).as("docs/metrics.md row for %s", e.name()).contains("| `" + e.name() + "` | " + e.type() + " |"));
  }

  private static Set<String> typeLines(String scrape) {
    Matcher m = TYPE_LINE.matcher(scrape);
    Set<String> out = new java.util.HashSet<>();
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2));
    }
    return out.stream().collect(Collectors.toSet());
  }
}
