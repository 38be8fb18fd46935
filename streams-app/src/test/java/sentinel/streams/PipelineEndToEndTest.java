package sentinel.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.config.ConfigSource;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.Shipper;
import sentinel.shipper.config.ShipperConfig;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.model.Alert;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * The walking skeleton end to end on a real broker: a log file appended to and rotated (rename and
 * copytruncate) while the shipper tails it; every line reaches mta.raw as written, and the monitor
 * flags the burst account and no one else.
 */
@ExtendWith(KafkaCluster.class)
class PipelineEndToEndTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  @TempDir Path dir;

  @Test
  void shipsEveryLineThroughRotationsAndFlagsOnlyTheBurstAccount(KafkaCluster.Broker broker) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>();
    settings.put(ConfigSource.BOOTSTRAP_KEY, broker.bootstrapServers());
    settings.put("topics.raw", "raw-" + run);
    settings.put("topics.alerts", "alerts-" + run);
    settings.put("topics.account-status", "status-" + run);
    settings.put("topics.dlq", "dlq-" + run);
    settings.put("topics.partitions", "2");
    settings.put("monitor.application.id", "e2e-" + run);
    settings.put("monitor.metrics.port", "0");
    settings.put("kafka.state.dir", dir.resolve("state").toString());
    settings.put("parse.timezone", "UTC");
    settings.put("detection.volume.messages.10m", "40");
    Path log = dir.resolve("mail.log");
    settings.put("shipper.paths", log.toString());
    settings.put("shipper.checkpoint.file", dir.resolve("checkpoint.json").toString());
    settings.put("shipper.host", "mx1");
    settings.put("shipper.copy.wait", "500ms");
    ConfigSource source = new ConfigSource(settings, Map.of(), Map.of());

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorConfig monitorConfig = MonitorConfig.from(source);
    List<String> written = new ArrayList<>();
    PostfixLogWriter writer = new PostfixLogWriter("mx1", ZoneOffset.UTC, new Random(3));
    Files.createFile(log);
    try (MonitorApp monitor = MonitorApp.start(monitorConfig, registry, Clock.systemUTC());
        Shipper shipper = new Shipper(ShipperConfig.from(source), ShipperConfig.producerProps(source), registry, Clock.systemUTC());
        RawTopicReader raw = new RawTopicReader(broker, "raw-" + run);
        RawTopicReader alerts = new RawTopicReader(broker, "alerts-" + run)) {
      shipper.start();
      // Given ordinary traffic from ten accounts, then a rename rotation, then a burst, then copytruncate
      for (int i = 0; i < 30; i++) {
        append(log, written, writer.authenticatedMessage(T0.plusSeconds(i * 20L), "user" + (i % 10) + "@example.test", "198.51.100." + (i % 10), List.of("a@r.test")));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> shipper.linesShipped() >= written.size());
      Files.move(log, dir.resolve("mail.log.1"));
      Files.createFile(log);
      for (int i = 0; i < 60; i++) {
        append(log, written, writer.authenticatedMessage(T0.plusSeconds(600 + i), "burst@example.test", "203.0.113." + (i % 3), List.of("x@r.test", "y@r.test")));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> shipper.linesShipped() >= written.size());
      Files.copy(log, dir.resolve("mail.log.2"));
      Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      for (int i = 0; i < 10; i++) {
        append(log, written, writer.authenticatedMessage(T0.plusSeconds(700 + i * 30L), "user" + i + "@example.test", "198.51.100." + i, List.of("b@r.test")));
      }

      // Then every line arrives in mta.raw exactly as written (copytruncate may repeat none here: the file was fully shipped)
      JsonSerde<RawLineEnvelope> envelopes = new JsonSerde<>(RawLineEnvelope.class);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(raw.records().stream().map(r -> envelopes.deserializer().deserialize("", r.value()).line()).distinct().count())
              .isEqualTo(written.stream().distinct().count()));
      List<String> shipped = raw.records().stream().map(r -> envelopes.deserializer().deserialize("", r.value()).line()).toList();
      assertThat(shipped).containsAll(written);
      assertThat(new java.util.HashSet<>(written)).containsAll(shipped);
      assertThat(raw.records()).allSatisfy(r -> assertThat(r.key()).isEqualTo("mx1"));

      // And the monitor raises one alert, for the burst account only
      JsonSerde<Alert> alertSerde = new JsonSerde<>(Alert.class);
      await().atMost(Duration.ofSeconds(60)).until(() -> !alerts.records().isEmpty());
      List<Alert> got = alerts.records().stream().map(r -> alertSerde.deserializer().deserialize("", r.value())).toList();
      assertThat(got).extracting(Alert::subject).containsOnly("burst@example.test");
      assertThat(registry.scrape()).contains("sentinel_alerts_emitted_total").contains("sentinel_shipper_lines_shipped");
    }
  }

  private static void append(Path log, List<String> written, List<String> lines) throws IOException {
    try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    }
    written.addAll(lines);
  }

  /** Reads a topic from the beginning on a background thread (read_committed). */
  static final class RawTopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    RawTopicReader(KafkaCluster.Broker broker, String topic) {
      Map<String, Object> props = new HashMap<>(broker.clientProps());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(topic));
      thread = new Thread(() -> {
        while (running) {
          consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        consumer.close();
      }, "reader-" + topic);
      thread.start();
    }

    List<ConsumerRecord<String, byte[]>> records() {
      return records;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }
}
