package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.json.Json;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.testing.MailLogWriter;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.shipper.testing.ShipperTestConfig;

@ExtendWith(KafkaCluster.class)
class ShipperBackpressureTest {
  private static final long CAP = 8 * 1024;
  @TempDir Path dir;

  @Test
  void resumesReadingWhenAcknowledgementsFreeRoomWithoutWaitingForThePollInterval(KafkaCluster.Broker broker)
      throws Exception {
    // Given 3000 lines, an in-flight cap of about 30 envelopes, and a poll interval of an hour:
    // the cap is hit about a hundred times, and a loop that slept out the interval each time would not finish
    String topic = "mta.raw.backpressure-" + UUID.randomUUID();
    RawTopicReader.createTopic(broker, topic, 1);
    Path log = dir.resolve("mail.log");
    Path checkpoint = dir.resolve("cp.json");
    Map<String, String> values = ShipperTestConfig.values(log.toString(), checkpoint, topic);
    values.put("shipper.poll.interval", "1h");
    values.put("shipper.max.line.bytes", "1KiB");
    values.put("shipper.max.inflight.bytes", String.valueOf(CAP));
    AtomicLong maxInflight = new AtomicLong();
    try (MailLogWriter writer = new MailLogWriter(log, "B")) {
      writer.append(3000);
      Shipper shipper = new Shipper(ShipperTestConfig.config(values), new HashMap<>(broker.clientProps()),
          new SimpleMeterRegistry(), Clock.systemUTC());

      // When it runs
      shipper.start();
      try {
        // Then every line is shipped, woken by the acknowledgements, never above the cap
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          maxInflight.accumulateAndGet(shipper.inflightBytes(), Math::max);
          return shipper.linesShipped() == 3000;
        });
      } finally {
        shipper.close();
      }
      assertThat(maxInflight.get()).isLessThanOrEqualTo(CAP);
      assertThat(Json.newMapper().readValue(checkpoint.toFile(), Checkpoint.class).files()).singleElement()
          .satisfies(f -> assertThat(f.offset()).isEqualTo(Files.size(log)));
    }
  }
}
