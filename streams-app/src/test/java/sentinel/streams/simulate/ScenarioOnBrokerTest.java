package sentinel.streams.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.config.ConfigSource;
import sentinel.common.json.Json;
import sentinel.common.testing.KafkaCluster;
import sentinel.streams.MonitorApp;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.geo.PlanDatabase;

/** The leaked-password scenario once through a real broker and the real monitor (RocksDB state, exactly-once, GeoIP from config). */
@ExtendWith(KafkaCluster.class)
class ScenarioOnBrokerTest {
  @TempDir Path dir;

  @Test
  void holdsTheLeakedAccountWhenTheScenarioRunsThroughARealBroker(KafkaCluster.Broker broker) throws Exception {
    // Given a small provider (5 customers, 4 days of history) whose first customer's password leaks, dated recently
    Instant start = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.DAYS);
    HostingSimulation.Run run = HostingSimulation.build(Scenario.LEAKED_PASSWORD_FAST,
        new HostingSimulation.Settings(5, 4, 3, 7, start));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>(ScenarioRunner.PROVIDER_SETTINGS);
    settings.putAll(Map.of(
        "kafka.bootstrap.servers", broker.bootstrapServers(),
        "monitor.application.id", "scenario-" + suffix,
        "topics.raw", "raw-" + suffix, "topics.alerts", "alerts-" + suffix,
        "topics.account-status", "status-" + suffix, "topics.dlq", "dlq-" + suffix, "topics.partitions", "2",
        "monitor.metrics.port", "0", "parse.timezone", "UTC",
        "geoip.database", PlanDatabase.city(dir.resolve("plan-city.mmdb")).toString()));
    settings.put("kafka.state.dir", dir.resolve("state").toString());
    MonitorConfig config = MonitorConfig.from(new ConfigSource(settings, Map.of(), Map.of()));
    try (MonitorApp app = MonitorApp.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
            "linger.ms", 20), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "check-" + suffix, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      // When its log lines are shipped to mta.raw, keyed by host
      for (var line : run.lines()) {
        producer.send(new ProducerRecord<>(config.topics().raw(), null, line.at().toEpochMilli(), HostingSimulation.HOST,
            line.line().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
      consumer.subscribe(List.of(config.topics().alerts(), config.topics().accountStatus()));
      List<Map<String, Object>> alerts = new ArrayList<>();
      List<Map<String, Object>> decisions = new ArrayList<>();
      // Then the account is judged COMPROMISED and held, and nobody else is flagged
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> value = Json.newMapper().readValue(r.value(), Map.class);
          (r.topic().equals(config.topics().alerts()) ? alerts : decisions).add(value);
        }
        assertThat(decisions).anySatisfy(d -> assertThat(d).containsEntry("account", run.subject()).containsEntry("action", "HOLD"));
      });
      assertThat(alerts).extracting(a -> a.get("subject")).containsOnly(run.subject());
      assertThat(alerts).extracting(a -> a.get("type")).contains("COMPROMISED");
      @SuppressWarnings("unchecked")
      List<String> countries = (List<String>) alerts.get(0).get("countries");
      assertThat(countries).as("a botnet country is named").containsAnyOf("BR", "VN", "IN", "RU", "CN", "NG");
    }
  }
}
