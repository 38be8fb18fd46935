package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.streams.TopologyFixture;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;

/** The replay runs the monitor's topology with replay-only store settings, and only the replay's copy changes. */
class ReplayDriverTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private static final List<String> SESSION = List.of(
      "Nov 24 12:00:01 mx1 postfix/submission/smtpd[100]: connect from client.example.net[192.0.2.10]",
      "Nov 24 12:00:02 mx1 postfix/submission/smtpd[100]: 4ABC123DEF: client=client.example.net[192.0.2.10], sasl_method=PLAIN, sasl_username=alice@example.test",
      "Nov 24 12:00:02 mx1 postfix/cleanup[101]: 4ABC123DEF: message-id=<1@example.test>",
      "Nov 24 12:00:02 mx1 postfix/qmgr[102]: 4ABC123DEF: from=<alice@example.test>, size=1200, nrcpt=1 (queue active)",
      "Nov 24 12:00:03 mx1 postfix/smtp[103]: 4ABC123DEF: to=<bob@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
      "Nov 24 12:00:03 mx1 postfix/qmgr[102]: 4ABC123DEF: removed");

  @TempDir Path dir;

  @Test
  void theReplaysStoresWriteNoChangelogsAndItsAccountEventsDecode() {
    SentinelMeters meters = new SentinelMeters(new SimpleMeterRegistry(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 5);
    try (ReplayDriver driver = new ReplayDriver(ReplayRunner.config(Map.of()), meters, dir, Instant.EPOCH)) {
      // When a Postfix session goes through the replay's driver
      driver.pipe(records());

      // Then the stores were written without a single changelog record
      assertThat(driver.producedTopics()).noneMatch(t -> t.endsWith("-changelog"));
      assertThat(driver.subjectStates().get("alice@example.test")).isNotNull();
      // And the report's tap reads the account events with the topology's own serde
      List<AccountEvent> events = new ArrayList<>();
      driver.drainAccountEvents().forEach(v ->
          events.add(ReplayDriver.accountEventDeserializer().deserialize(driver.accountEventsTopic(), v)));
      assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Login", "MessageSubmitted", "Delivery");
      assertThat(events).allMatch(e -> e.toString().contains("account=alice@example.test"));
    }
  }

  @Test
  void theMonitorsOwnTopologyKeepsItsChangelogs() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      SESSION.forEach(line -> f.plain("mx1", line, T0));

      assertThat(f.driver.producedTopicNames()).anyMatch(t -> t.endsWith("-changelog"));
    }
  }

  private static List<TestRecord<String, byte[]>> records() {
    List<TestRecord<String, byte[]>> out = new ArrayList<>();
    for (int i = 0; i < SESSION.size(); i++) {
      out.add(new TestRecord<>("mx1", SESSION.get(i).getBytes(StandardCharsets.UTF_8), null, T0.plusSeconds(i)));
    }
    return out;
  }
}
