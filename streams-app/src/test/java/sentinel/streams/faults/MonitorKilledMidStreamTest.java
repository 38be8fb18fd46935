package sentinel.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.streams.MonitorApp;
import sentinel.streams.cli.SentinelMain;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;
import sentinel.streams.model.Alert;

/**
 * The monitor ({@code ./sentinel monitor}, its own JVM) is killed with SIGKILL mid-stream, twice,
 * and each time restarted under the same application id with a new, empty state directory, so all
 * its state comes back from the changelogs. With exactly_once_v2 the per-account totals equal what
 * was written, and no alert episode is emitted twice.
 */
@ExtendWith(KafkaCluster.class)
class MonitorKilledMidStreamTest {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorKilledMidStreamTest.class);
  private static final int KILLS = 2;
  /** Account events the running monitor must have committed (itself) before it is killed. */
  private static final int EVENTS_BEFORE_KILL = 150;
  private static final String BURST = "burst@example.test";
  /**
   * Burst messages written before the first life, within one minute of log time: past the 10-minute
   * ceiling for an account without history (100), so the alert fires early and its episode spans the
   * kills however fast the monitor gets through its lives.
   */
  private static final int BURST_HEAD_START = 120;

  @TempDir Path dir;

  @Test
  void restoredMonitorCountsExactlyAndRaisesEachAlertOnceAfterHardKills(KafkaCluster.Broker broker) throws Exception {
    Instant began = Instant.now();
    // Given a stream of real-shaped Postfix lines in the shipper's envelope, with one account bursting throughout
    FaultRun run = new FaultRun(broker.bootstrapServers(), dir);
    Path config = run.writeTo(dir.resolve("run.properties"));
    RawTopicReader.createTopic(broker, run.rawTopic, 2);
    TrafficLog traffic = new TrafficLog("mx1", 8, 21);
    Instant burstFrom = traffic.start().plus(Duration.ofMinutes(40));
    AtomicInteger burstSent = new AtomicInteger();
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    List<ChildJvm> children = new ArrayList<>();
    List<String> report = new ArrayList<>();
    try (EnvelopeProducer producer = new EnvelopeProducer(broker.bootstrapServers(), run.rawTopic);
        CommittedTopic<AccountEvent> accountEvents = new CommittedTopic<>(broker.bootstrapServers(),
            MonitorCounts.accountEventsTopic(run.applicationId), new AccountEventSerde().deserializer());
        CommittedTopic<Alert> alerts = new CommittedTopic<>(broker.bootstrapServers(), run.alertsTopic,
            new JsonSerde<>(Alert.class).deserializer())) {
      feeder.scheduleWithFixedDelay(() -> {
        // Every other message is the burst account's, 4 per second of log time (within the hour the
        // lines are dated in): one alert episode that spans the kills.
        int b = burstSent.getAndIncrement();
        if (b % 2 == 0) {
          producer.send(traffic.nextMessages(1));
        } else {
          producer.send(traffic.messagesFrom(BURST, 1, burstFrom.plusMillis((b % 4800) * 125L), Duration.ZERO, "203.0.113.9"));
        }
      }, 0, 50, TimeUnit.MILLISECONDS);

      producer.send(traffic.messagesFrom(BURST, BURST_HEAD_START, burstFrom.minus(Duration.ofMinutes(2)),
          Duration.ofMillis(500), "203.0.113.9"));
      // When the monitor is killed with SIGKILL twice mid-stream, each life starting from an empty state dir
      for (int life = 1; life <= KILLS; life++) {
        int before = accountEvents.values().size();
        ChildJvm monitor = ChildJvm.start(SentinelMain.class, dir.resolve("monitor-" + life + ".log"), "monitor",
            "--config", config.toString(), "--set", "kafka.state.dir=" + dir.resolve("state-" + life));
        children.add(monitor);
        await().atMost(Duration.ofSeconds(90)).until(() -> accountEvents.values().size() >= before + EVENTS_BEFORE_KILL);
        int exit = monitor.kill();
        report.add("life " + life + ": SIGKILL (exit " + exit + ") with " + accountEvents.values().size()
            + " account events committed, " + producer.sent() + " lines in mta.raw");
      }
      // and restarted once more (in this JVM, to query its restored state) while the stream stops
      feeder.shutdown();
      assertThat(feeder.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      producer.flush();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      run.set("kafka.state.dir", dir.resolve("state-last").toString());
      Map<String, TrafficLog.Truth> truth = traffic.truth();
      try (MonitorApp monitor = MonitorApp.start(MonitorConfig.from(run.source()), registry, Clock.systemUTC())) {
        // Then the account events the detectors received hold each message exactly once
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
            assertThat(MonitorCounts.perAccount(accountEvents.values())).isEqualTo(truth));
        // And the restored detectors' state holds the same totals
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> truth.forEach((account, t) -> {
          var state = monitor.subjectStates().get(account);
          assertThat(state).as(account).isNotNull();
          assertThat(MonitorCounts.hour(state.messages())).as(account + " messages").isEqualTo(t.messages());
          assertThat(MonitorCounts.hour(state.recipients())).as(account + " recipients").isEqualTo(t.recipients());
        }));
        // And every alert episode was emitted once: ids are unique, and only the burst account was flagged
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts.values().stream().anyMatch(a -> a.subject().equals(BURST)));
        List<Alert> got = alerts.values();
        assertThat(got).extracting(Alert::subject).contains(BURST).containsOnly(BURST);
        assertThat(got).extracting(Alert::id).doesNotHaveDuplicates();

        report.forEach(LOG::info);
        LOG.info("monitor kill test: {} lines written, {} produced to mta.raw, {} account events committed, {} messages / {} "
                + "recipients counted exactly by the restored monitor, {} alert(s) {}; {} s", traffic.lines(), producer.sent(),
            accountEvents.values().size(), traffic.messages(), traffic.recipients(), got.size(),
            got.stream().map(Alert::id).toList(), Duration.between(began, Instant.now()).toSeconds());
      }
    } catch (AssertionError | RuntimeException e) {
      for (ChildJvm c : children) {
        LOG.error("monitor output:\n{}", c.output());
      }
      throw e;
    } finally {
      feeder.shutdownNow();
      for (ChildJvm c : children) {
        if (c.alive()) {
          c.kill();
        }
      }
    }
  }

  /** Writes lines to mta.raw as the shipper would: one file, byte offsets, host key. */
  static final class EnvelopeProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final JsonSerde<RawLineEnvelope> serde = new JsonSerde<>(RawLineEnvelope.class);
    private long offset;
    private long sent;

    EnvelopeProducer(String bootstrapServers, String topic) {
      Map<String, Object> props = new HashMap<>();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
      this.topic = topic;
    }

    synchronized void send(List<String> lines) {
      for (String line : lines) {
        RawLineEnvelope e = new RawLineEnvelope("mx1", "/var/log/mail.log", "monitor-kill-file", offset, Instant.now(), line);
        producer.send(new ProducerRecord<>(topic, "mx1", serde.serializer().serialize(topic, e)));
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        sent++;
      }
    }

    synchronized long sent() {
      return sent;
    }

    void flush() {
      producer.flush();
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
