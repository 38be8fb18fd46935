package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.Json;
import sentinel.common.metrics.MetricsServer;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.testing.MailLogWriter;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.shipper.testing.ShipperTestConfig;

@ExtendWith(KafkaCluster.class)
class ShipperLifecycleTest {
  private static final Instant EPOCH = Instant.parse("2026-01-12T10:00:00Z");
  @TempDir Path dir;

  @Test
  void resumesFromItsCheckpointAfterAGracefulCloseWithoutShippingAnyLineTwice(KafkaCluster.Broker broker) throws Exception {
    // Given a shipper that shipped 100 lines and was closed
    String topic = "mta.raw.resume-" + UUID.randomUUID();
    RawTopicReader.createTopic(broker, topic, 1);
    Path log = dir.resolve("mail.log");
    Path checkpoint = dir.resolve("cp.json");
    Map<String, String> values = ShipperTestConfig.values(log.toString(), checkpoint, topic);
    try (MailLogWriter writer = new MailLogWriter(log, "R")) {
      writer.append(100);
      Shipper first = new Shipper(ShipperTestConfig.config(values), new HashMap<>(broker.clientProps()),
          new SimpleMeterRegistry(), Clock.systemUTC());
      first.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> first.linesShipped() == 100);
      first.close();
      assertThat(Json.newMapper().readValue(checkpoint.toFile(), Checkpoint.class).files()).singleElement()
          .satisfies(f -> assertThat(f.offset()).isEqualTo(Files.size(log)));

      // When 50 more lines are written and a new shipper starts
      writer.append(50);
      Shipper second = new Shipper(ShipperTestConfig.config(values), new HashMap<>(broker.clientProps()),
          new SimpleMeterRegistry(), Clock.systemUTC());
      second.start();
      try (RawTopicReader reader = new RawTopicReader(broker, topic, 1)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= 150 && second.linesShipped() == 50);
        second.close();

        // Then the topic holds each of the 150 lines exactly once
        assertThat(reader.poll()).extracting(r -> r.value().line())
            .containsExactlyElementsOf(writer.written().stream().map(MailLogWriter.Written::text).toList());
      }
      assertThat(second.linesRead()).isEqualTo(50);
    }
  }

  @Test
  void shipsInvalidUtf8AndOverlongLinesSanitizedAndCountedAndServesTheDocumentedMetrics(KafkaCluster.Broker broker)
      throws Exception {
    // Given a log with a valid line, a line with invalid UTF-8 and a 1000-byte line, max 256 bytes
    String topic = "mta.raw.sanitize-" + UUID.randomUUID();
    RawTopicReader.createTopic(broker, topic, 1);
    Path log = dir.resolve("mail.log");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("ok line\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xFF, (byte) 0xC3, '(', '\n'});
    bytes.writeBytes(("L".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("after\n".getBytes(StandardCharsets.UTF_8));
    Files.write(log, bytes.toByteArray());
    Map<String, String> values = ShipperTestConfig.values(log.toString(), dir.resolve("cp.json"), topic);
    values.put("shipper.max.line.bytes", "256");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.fixed(EPOCH, ZoneOffset.UTC);
    Shipper shipper = new Shipper(ShipperTestConfig.config(values), new HashMap<>(broker.clientProps()), registry, clock);

    // When it ships them, with /metrics served
    shipper.start();
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, shipper::healthy);
        RawTopicReader reader = new RawTopicReader(broker, topic, 1)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= 4);

      // Then the lines arrive sanitized, with their offsets, host, source and the clock's time
      List<RawLineEnvelope> got = reader.envelopes();
      assertThat(got).extracting(RawLineEnvelope::line)
          .containsExactly("ok line", "bad \uFFFD\uFFFD(", "L".repeat(256), "after");
      assertThat(got).extracting(RawLineEnvelope::offset).containsExactly(0L, 8L, 16L, 1017L);
      assertThat(got).extracting(RawLineEnvelope::host).containsOnly("mx-test-1");
      assertThat(got).extracting(RawLineEnvelope::source).containsOnly(log.toString());
      assertThat(got).extracting(RawLineEnvelope::readAt).containsOnly(EPOCH);
      assertThat(got).extracting(RawLineEnvelope::fileId).doesNotContainNull().containsOnly(got.get(0).fileId());

      // and /metrics carries the documented metrics contract
      await().atMost(Duration.ofSeconds(10)).until(() -> shipper.linesShipped() == 4);
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains(
          "sentinel_shipper_lines_read_total 4.0",
          "sentinel_shipper_lines_shipped_total 4.0",
          "sentinel_shipper_lines_sanitized_total{reason=\"invalid_utf8\"} 1.0",
          "sentinel_shipper_lines_sanitized_total{reason=\"truncated\"} 1.0",
          "sentinel_shipper_bytes_shipped_total 1023.0",
          "sentinel_shipper_send_errors_total 0.0",
          "sentinel_shipper_rotations_total{kind=\"rename\"} 0.0",
          "sentinel_shipper_rotations_total{kind=\"truncate\"} 0.0",
          "sentinel_shipper_files_watched 1.0",
          "sentinel_shipper_broker_up 1.0",
          "sentinel_shipper_inflight_bytes",
          "sentinel_shipper_checkpoint_lag_bytes",
          "kafka_producer_record_send_total");
      assertThat(shipper.meters().sanitized(false)).isEqualTo(1);
      assertThat(shipper.meters().sanitized(true)).isEqualTo(1);
    } finally {
      shipper.close();
    }
  }
}
