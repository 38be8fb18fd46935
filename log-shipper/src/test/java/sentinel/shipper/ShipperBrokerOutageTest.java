package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.broker.EmbeddedKafkaBroker;
import sentinel.common.json.Json;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.testing.MailLogWriter;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.shipper.testing.ShipperTestConfig;

/** The broker is unreachable when the shipper starts, then comes up on that address. */
class ShipperBrokerOutageTest {
  private static final long CAP = 16 * 1024;
  @TempDir Path dir;

  @Test
  void waitsWithinTheInflightCapCheckpointsNothingUnackedAndShipsEverythingOnceTheBrokerIsUp() throws Exception {
    // Given a log of 2000 lines and a shipper whose bootstrap address is a closed port
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("mail.log");
    MailLogWriter writer = new MailLogWriter(log, "O");
    writer.append(2000);
    Path checkpointFile = dir.resolve("cp.json");
    Map<String, String> values = ShipperTestConfig.values(log.toString(), checkpointFile, "mta.raw.outage");
    values.put("shipper.max.line.bytes", "1KiB");
    values.put("shipper.max.inflight.bytes", String.valueOf(CAP));
    values.put("shipper.broker.stall.timeout", "1s");
    Map<String, Object> producer = new HashMap<>();
    producer.put("bootstrap.servers", "127.0.0.1:" + port);
    producer.put("max.block.ms", 300);
    Shipper shipper = new Shipper(ShipperTestConfig.config(values), producer, new SimpleMeterRegistry(), Clock.systemUTC());
    AtomicLong maxInflight = new AtomicLong();

    try {
      // When it runs with nothing listening
      shipper.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        maxInflight.accumulateAndGet(shipper.inflightBytes(), Math::max);
        return shipper.meters().sendErrors() >= 3 && !shipper.meters().brokerUp();
      });

      // Then it keeps running, reads no further than the cap allows and checkpoints nothing
      assertThat(shipper.failure()).isEmpty();
      assertThat(shipper.healthy()).isFalse();
      assertThat(shipper.linesShipped()).isZero();
      assertThat(maxInflight.get()).isLessThanOrEqualTo(CAP);
      assertThat(shipper.linesRead()).isLessThan(2000);
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(checkpointFile));
      assertThat(readCheckpoint(checkpointFile).files()).singleElement()
          .satisfies(f -> assertThat(f.offset()).isZero());

      // When a broker comes up at that address
      try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), port, 1)) {
        RawTopicReader.createTopic(new KafkaCluster.Broker(broker.bootstrapServers()), "mta.raw.outage", 1);

        // Then every line is shipped, in-flight stays within the cap, and the checkpoint reaches the end
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          maxInflight.accumulateAndGet(shipper.inflightBytes(), Math::max);
          return shipper.linesShipped() >= 2000;
        });
        assertThat(shipper.meters().brokerUp()).isTrue();
        shipper.close();
        assertThat(maxInflight.get()).isLessThanOrEqualTo(CAP);
        assertThat(readCheckpoint(checkpointFile).files()).singleElement()
            .satisfies(f -> assertThat(f.offset()).isEqualTo(Files.size(log)));
        try (RawTopicReader reader = new RawTopicReader(new KafkaCluster.Broker(broker.bootstrapServers()), "mta.raw.outage", 1)) {
          await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
              .map(r -> r.value().offset()).distinct().count() == 2000);
        }
      }
    } finally {
      shipper.close();
      writer.close();
    }
  }

  private static Checkpoint readCheckpoint(Path file) throws java.io.IOException {
    return Json.newMapper().readValue(file.toFile(), Checkpoint.class);
  }
}
