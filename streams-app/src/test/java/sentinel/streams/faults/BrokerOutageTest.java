package sentinel.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.broker.EmbeddedKafkaBroker;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.Shipper;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.testing.RawTopicReader;

/**
 * The broker stops for 30 s while the log keeps growing, then comes back on the same log dir and
 * port. The shipper keeps at most {@code shipper.max.inflight.bytes} in memory, says it is cut off
 * (broker-up gauge at 0, a WARN), and once the broker is back ships every line.
 */
class BrokerOutageTest {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerOutageTest.class);
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final long CAP = 64 * 1024;

  @TempDir Path dir;

  @Test
  void shipperBuffersWithinItsCapReportsTheOutageAndLosesNothingWhenTheBrokerIsDownFor30Seconds() throws Exception {
    Instant began = Instant.now();
    // A fatal broker error must fail this test, not exit the test JVM.
    Exit.setExitProcedure((code, msg) -> { throw new IllegalStateException("broker tried to exit(" + code + "): " + msg); });
    Exit.setHaltProcedure((code, msg) -> { throw new IllegalStateException("broker tried to halt(" + code + "): " + msg); });
    // Given a broker of our own on a fixed dir and port, and a shipper tailing a growing log
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path brokerDir = dir.resolve("broker");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, port, 1);
    FaultRun run = new FaultRun(broker.bootstrapServers(), dir)
        .set("shipper.paths", dir.resolve("mail.log").toString())
        .set("shipper.checkpoint.file", dir.resolve("checkpoint.json").toString())
        .set("shipper.max.line.bytes", "8KiB")
        .set("shipper.max.inflight.bytes", String.valueOf(CAP))
        .set("shipper.broker.stall.timeout", "1s")
        // send() waits at most this long for metadata while the broker is away, so the loop stays responsive.
        .set("kafka.max.block.ms", "300");
    RawTopicReader.createTopic(new KafkaCluster.Broker(broker.bootstrapServers()), run.rawTopic, 1);
    TrafficLog traffic = new TrafficLog("mx1", 5, 31);
    Path log = dir.resolve("mail.log");
    traffic.appendTo(log, 20);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Shipper shipper = new Shipper(ShipperConfig.from(run.source()), ShipperConfig.producerProps(run.source()), registry,
        Clock.systemUTC());
    ScheduledExecutorService appender = Executors.newSingleThreadScheduledExecutor();
    AtomicLong maxInflight = new AtomicLong();
    AtomicBoolean sawDown = new AtomicBoolean();
    Runnable sample = () -> {
      maxInflight.accumulateAndGet((long) gauge(registry, "sentinel.shipper.inflight.bytes"), Math::max);
      if (gauge(registry, "sentinel.shipper.broker.up") == 0) {
        sawDown.set(true);
      }
    };
    try (LogCapture logs = new LogCapture("sentinel.shipper")) {
      shipper.start();
      appender.scheduleWithFixedDelay(() -> traffic.appendTo(log, 1), 0, 50, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(60)).until(() -> shipper.linesShipped() >= 200);

      // When the broker stops for 30 s
      broker.close();
      Instant down = Instant.now();
      long shippedAtOutage = shipper.linesShipped();
      await().pollInterval(Duration.ofMillis(100)).during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> {
        sample.run();
        return maxInflight.get() <= CAP;
      });
      // Then it reported the outage and held no more than its cap in memory, with lines waiting
      assertThat(sawDown).as("sentinel_shipper_broker_up fell to 0").isTrue();
      assertThat(shipper.healthy()).isFalse();
      assertThat(maxInflight.get()).isPositive().isLessThanOrEqualTo(CAP);
      assertThat(logs.messages()).anyMatch(m -> m.contains("Kafka is not acknowledging sends") || m.contains("will retry"));
      long linesDuringOutage = traffic.lines();

      // When the broker comes back on the same dir and port
      broker = EmbeddedKafkaBroker.start(brokerDir, port, 1);
      Instant up = Instant.now();
      appender.shutdown();
      assertThat(appender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      long written = traffic.lines();
      // Then everything written, before, during and after the outage, is shipped
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        sample.run();
        return shipper.linesShipped() >= written;
      });
      assertThat(maxInflight.get()).isLessThanOrEqualTo(CAP);
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "sentinel.shipper.broker.up") == 1);
      try (RawTopicReader reader = new RawTopicReader(new KafkaCluster.Broker(broker.bootstrapServers()), run.rawTopic, 1)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> distinctOffsets(reader) == written);
        long records = reader.poll().size();
        LOG.info("broker outage test: {} lines written ({} while the broker was down {} s), {} shipped before the outage, "
                + "{} records in mta.raw, {} distinct lines; max in-flight {} of {} bytes; caught up {} s after the restart; {} s",
            written, linesDuringOutage, OUTAGE.toSeconds(), shippedAtOutage, records, distinctOffsets(reader),
            maxInflight.get(), CAP, Duration.between(up, Instant.now()).toSeconds(), Duration.between(began, Instant.now()).toSeconds());
        LOG.info("outage as the shipper logged it: {}", logs.messages().stream().filter(m -> m.contains("Kafka")).limit(3).toList());
        assertThat(Duration.between(down, up)).isGreaterThanOrEqualTo(OUTAGE);
      }
    } finally {
      appender.shutdownNow();
      shipper.close();
      broker.close();
    }
  }

  private static long distinctOffsets(RawTopicReader reader) {
    Set<String> seen = new HashSet<>();
    reader.poll().forEach(r -> seen.add(r.value().fileId() + "@" + r.value().offset()));
    return seen.size();
  }

  private static double gauge(PrometheusMeterRegistry registry, String name) {
    Gauge g = registry.find(name).gauge();
    return g == null ? Double.NaN : g.value();
  }
}
