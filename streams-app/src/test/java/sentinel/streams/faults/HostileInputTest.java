package sentinel.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.Shipper;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.streams.SentinelTopology;
import sentinel.streams.TopologyFixture;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;
import sentinel.streams.model.Alert;

/**
 * A million hostile lines through the real topology, and a slice of them through the real shipper:
 * nothing crashes, every line is accounted for (parsed, ignored or unsupported, or dead-lettered),
 * and no line that merely carries SMTP AUTH fields where an attacker writes text (a Subject, a
 * recipient, a HELO name) becomes a login or a message of the injected account.
 */
@ExtendWith(KafkaCluster.class)
class HostileInputTest {
  private static final Logger LOG = LoggerFactory.getLogger(HostileInputTest.class);
  private static final int LINES = 1_000_000;
  private static final int SHIPPER_SLICE = 3_000;
  private static final Instant READ_AT = Instant.parse("2026-11-24T13:00:00Z");
  /** What is under test is parsing and accounting, not RocksDB: in-memory stores keep a million lines quick. */
  private static final Map<String, String> IN_MEMORY = Map.of("monitor.state.in.memory", "true");

  @TempDir Path dir;

  @Test
  void accountsForAMillionHostileLinesAndTurnsNoLookalikeIntoAnEvent() {
    Instant began = Instant.now();
    HostileLines hostile = new HostileLines(61, Instant.parse("2026-11-24T12:00:00Z"));
    Map<HostileLines.Kind, Long> kinds = new EnumMap<>(HostileLines.Kind.class);
    try (TopologyFixture f = new TopologyFixture(IN_MEMORY)) {
      TestOutputTopic<String, AccountEvent> events = accountEvents(f);
      long eventCount = 0;
      long injected = 0;
      // Given a million hostile lines, as a plain-text feed would deliver them
      for (int i = 0; i < LINES; i++) {
        kinds.merge(HostileLines.kindOf(i), 1L, Long::sum);
        f.raw.pipeInput("mx1", hostile.line(i), READ_AT);
        if (i % 100_000 == 99_999) { // drain as we go: the output topic keeps what is not read
          List<AccountEvent> batch = events.readValuesToList();
          eventCount += batch.size();
          injected += batch.stream().filter(HostileInputTest::mentionsInjected).count();
        }
      }
      List<AccountEvent> rest = events.readValuesToList();
      eventCount += rest.size();
      injected += rest.stream().filter(HostileInputTest::mentionsInjected).count();

      // Then every line is accounted for: parsed, ignored, unsupported or dead-lettered
      double parsed = f.counter("sentinel.parse.lines", "outcome", "parsed");
      double ignored = f.counter("sentinel.parse.lines", "outcome", "ignored");
      double unsupported = f.counter("sentinel.parse.lines", "outcome", "unsupported");
      double deadLettered = f.counter("sentinel.dlq.records");
      assertThat(parsed + ignored + unsupported + deadLettered).isEqualTo(LINES);
      assertThat(f.deadLetters.readValuesToList()).hasSize((int) deadLettered);
      // And no injected account became an event or an alert
      assertThat(injected).as("events carrying an injected account").isZero();
      List<Alert> alerts = f.alerts.readValuesToList();
      assertThat(alerts).noneMatch(a -> a.subject().contains(HostileLines.INJECTED_DOMAIN));
      assertThat(eventCount).as("the real lines among them still count").isPositive();
      LOG.info("hostile input: {} lines in ({}) -> parsed {}, ignored {}, unsupported {}, dead-lettered {}; {} account events, "
              + "0 for injected accounts, {} alerts; {} s", LINES, kinds, (long) parsed, (long) ignored, (long) unsupported,
          (long) deadLettered, eventCount, alerts.size(), Duration.between(began, Instant.now()).toSeconds());
    }
  }

  @Test
  void aMebibyteAccountIsUnsupportedInsteadOfPoisoningTheStateStores() {
    // Given a real submission line whose account runs on for a mebibyte, then the same line as Postfix writes it
    String line = "Nov 24 12:00:00 mx1 postfix/submission/smtpd[4001]: 0123456789A: client=unknown[198.51.100.7], "
        + "sasl_method=LOGIN, sasl_username=victim@example.test";
    try (TopologyFixture f = new TopologyFixture(Map.of())) { // RocksDB, as in production
      f.plain("mx1", line + "x".repeat(1024 * 1024), READ_AT);
      f.plain("mx1", line, READ_AT);
      // Then the first is unsupported (and the stream thread lives on), the second parsed
      assertThat(f.counter("sentinel.parse.lines", "outcome", "unsupported")).isEqualTo(1);
      assertThat(f.counter("sentinel.parse.lines", "outcome", "parsed")).isEqualTo(1);
    }
  }

  @Test
  void shipperCutsAndRepairsHostileLinesAndTheTopologyAccountsForEveryOne(KafkaCluster.Broker broker) throws Exception {
    // Given a log file of hostile lines, two of them 1 MiB long
    Path log = dir.resolve("mail.log");
    HostileLines hostile = new HostileLines(67, Instant.parse("2026-11-24T12:00:00Z"));
    int invalidUtf8 = 0;
    int tooLong = 0;
    int maxLineBytes = 64 * 1024;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log))) {
      for (int i = 0; i < SHIPPER_SLICE; i++) {
        byte[] line = i == 1000 || i == 2000 ? hostile.line(17) : hostile.line(i);
        if (line.length > maxLineBytes) {
          tooLong++; // plain ASCII after its first line: cutting it keeps it valid UTF-8
        } else if (!validUtf8(line)) {
          invalidUtf8++;
        }
        out.write(line);
        out.write('\n');
      }
    }
    FaultRun run = new FaultRun(broker.bootstrapServers(), dir)
        .set("shipper.paths", log.toString())
        .set("shipper.checkpoint.file", dir.resolve("checkpoint.json").toString())
        .set("shipper.max.line.bytes", String.valueOf(maxLineBytes));
    RawTopicReader.createTopic(broker, run.rawTopic, 1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RawTopicReader reader = new RawTopicReader(broker, run.rawTopic, 1);
        Shipper shipper = new Shipper(ShipperConfig.from(run.source()), ShipperConfig.producerProps(run.source()), registry,
            Clock.systemUTC())) {
      // When the shipper ships it
      shipper.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= SHIPPER_SLICE);

      // Then every line is shipped once, long lines cut to the limit and invalid UTF-8 replaced, each counted
      List<ConsumerRecord<String, RawLineEnvelope>> records = reader.poll();
      assertThat(records).hasSize(SHIPPER_SLICE);
      assertThat(shipper.meters().sanitized(true)).isEqualTo(tooLong);
      assertThat(shipper.meters().sanitized(false)).isEqualTo(invalidUtf8);
      assertThat(records).allSatisfy(r -> assertThat(r.value().line().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(maxLineBytes));

      // And the topology, fed exactly those records, accounts for each and turns no lookalike into an event
      JsonSerde<RawLineEnvelope> serde = new JsonSerde<>(RawLineEnvelope.class);
      try (TopologyFixture f = new TopologyFixture(IN_MEMORY)) {
        TestOutputTopic<String, AccountEvent> events = accountEvents(f);
        for (ConsumerRecord<String, RawLineEnvelope> r : records) {
          f.raw.pipeInput(r.key(), serde.serializer().serialize(run.rawTopic, r.value()), READ_AT);
        }
        double accounted = f.counter("sentinel.parse.lines") + f.counter("sentinel.dlq.records")
            + f.counter("sentinel.duplicates.dropped");
        assertThat(accounted).isEqualTo(SHIPPER_SLICE);
        assertThat(f.counter("sentinel.duplicates.dropped")).isZero();
        assertThat(events.readValuesToList()).noneMatch(HostileInputTest::mentionsInjected).isNotEmpty();
        LOG.info("hostile input through the shipper: {} lines, {} records, {} cut at {} bytes, {} with invalid UTF-8 replaced; "
            + "topology: parsed {}, ignored {}, unsupported {}, dead-lettered {}", SHIPPER_SLICE, records.size(), tooLong,
            maxLineBytes, invalidUtf8, (long) f.counter("sentinel.parse.lines", "outcome", "parsed"),
            (long) f.counter("sentinel.parse.lines", "outcome", "ignored"),
            (long) f.counter("sentinel.parse.lines", "outcome", "unsupported"), (long) f.counter("sentinel.dlq.records"));
      }
    }
  }

  private static TestOutputTopic<String, AccountEvent> accountEvents(TopologyFixture f) {
    return f.driver.createOutputTopic("topology-test-" + SentinelTopology.ACCOUNT_EVENTS_TOPIC + "-repartition",
        Serdes.String().deserializer(), new AccountEventSerde().deserializer());
  }

  private static boolean mentionsInjected(AccountEvent e) {
    return e.toString().contains(HostileLines.INJECTED_DOMAIN);
  }

  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
