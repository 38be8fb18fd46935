package sentinel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.model.Alert;
import sentinel.streams.simulate.PostfixLogWriter;

class SentinelTopologyTest {
  private static final Instant T0 = TopologyFixture.EPOCH;
  private final PostfixLogWriter writer = new PostfixLogWriter("mx1", ZoneOffset.UTC, new Random(7));

  private static String line(String time, String rest) {
    return "Nov 24 " + time + " mx1 " + rest;
  }

  @Test
  void tiesInterleavedMessagesToTheirSubmittersByQueueId() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      // Given two messages from different accounts whose lines interleave, as they do on a busy MTA
      List<String> lines = List.of(
          line("12:00:01", "postfix/submission/smtpd[10]: AAAA000001: client=pc1[198.51.100.1], sasl_method=PLAIN, sasl_username=Alice@Example.test"),
          line("12:00:01", "postfix/submission/smtpd[11]: BBBB000002: client=pc2[198.51.100.2], sasl_method=LOGIN, sasl_username=bob@example.test"),
          line("12:00:02", "postfix/qmgr[9]: BBBB000002: from=<bob@example.test>, size=900, nrcpt=2 (queue active)"),
          line("12:00:02", "postfix/qmgr[9]: AAAA000001: from=<alice@example.test>, size=1200, nrcpt=3 (queue active)"),
          line("12:00:03", "postfix/smtp[12]: AAAA000001: to=<x@remote.test>, relay=mx.remote.test[192.0.2.1]:25, delay=0.1, delays=0/0/0/0, dsn=5.1.1, status=bounced (550 5.1.1 no such user)"),
          line("12:00:03", "postfix/smtp[12]: BBBB000002: to=<y@remote.test>, relay=mx.remote.test[192.0.2.1]:25, delay=0.1, delays=0/0/0/0, dsn=2.0.0, status=sent (250 ok)"),
          line("12:00:04", "postfix/qmgr[9]: AAAA000001: removed"),
          line("12:00:04", "postfix/qmgr[9]: BBBB000002: removed"));
      // When they are processed
      lines.forEach(l -> f.plain("mx1", l, T0));
      // Then each account is counted once with its own recipients, and the bounce goes to alice
      KeyValueStore<String, SubjectState> states = f.driver.getKeyValueStore(SentinelTopology.SUBJECT_STATE_STORE);
      long minute = Instant.parse("2026-11-24T12:00:04Z").getEpochSecond() / 60;
      SubjectState alice = states.get("alice@example.test");
      SubjectState bob = states.get("bob@example.test");
      assertThat(alice.messages().sum(minute, 10)).isEqualTo(1);
      assertThat(alice.recipients().sum(minute, 10)).isEqualTo(3);
      assertThat(alice.bounced().sum(minute, 10)).isEqualTo(1);
      assertThat(bob.messages().sum(minute, 10)).isEqualTo(1);
      assertThat(bob.recipients().sum(minute, 10)).isEqualTo(2);
      assertThat(bob.bounced().sum(minute, 10)).isZero();
      assertThat(f.alerts.readValuesToList()).isEmpty();
    }
  }

  @Test
  void aShipperCatchingUpOnALogOlderThanTheMaximalAgeStillTiesEachMessageToItsSubmitter() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      // Given a week-old log, read now: record times (stream time) are days after the lines' own times
      Instant readNow = T0.plus(Duration.ofDays(7));
      f.plain("mx1", line("12:00:01", "postfix/submission/smtpd[10]: AAAA000001: client=pc1[198.51.100.1], sasl_method=PLAIN, sasl_username=alice@example.test"), readNow);
      // When stream time moves on by minutes between two lines of the message (the expiry check runs)
      f.plain("mx1", line("12:00:01", "postfix/cleanup[9]: AAAA000001: message-id=<1@example.test>"), readNow.plusSeconds(90));
      f.plain("mx1", line("12:00:02", "postfix/qmgr[9]: AAAA000001: from=<alice@example.test>, size=1200, nrcpt=3 (queue active)"), readNow.plusSeconds(180));
      // Then the message still counts for alice: entries age by the log's clock, not by when lines were read
      SubjectState alice = f.driver.<String, SubjectState>getKeyValueStore(SentinelTopology.SUBJECT_STATE_STORE).get("alice@example.test");
      long minute = Instant.parse("2026-11-24T12:00:02Z").getEpochSecond() / 60;
      assertThat(alice.messages().sum(minute, 10)).isEqualTo(1);
      assertThat(alice.recipients().sum(minute, 10)).isEqualTo(3);
    }
  }

  @Test
  void raisesOneAlertPerEpisodeWhenAnAccountCrossesTheCeilingInTheSlidingWindow() {
    try (TopologyFixture f = new TopologyFixture(Map.of("detection.volume.messages.10m", "20"))) {
      // Given 19 messages in 10 minutes: below the ceiling
      for (int i = 0; i < 19; i++) {
        send(f, T0.plusSeconds(i * 30L), "quiet@example.test", "198.51.100.7", 1);
      }
      assertThat(f.alerts.readValuesToList()).as("below the ceiling").isEmpty();
      // When the 20th message arrives within the same 10 minutes, and 30 more follow
      for (int i = 0; i < 31; i++) {
        send(f, T0.plusSeconds(570 + i), "quiet@example.test", "198.51.100.7", 1);
      }
      // Then exactly one alert, for the account, saying what was seen
      List<Alert> alerts = f.alerts.readValuesToList();
      assertThat(alerts).hasSize(1);
      Alert alert = alerts.get(0);
      // One verdict per account: a volume spike alone makes it SUSPICIOUS (the signal is named in the reasons).
      assertThat(alert.type()).isEqualTo("SUSPICIOUS");
      assertThat(alert.severity()).isEqualTo("warning");
      assertThat(alert.subject()).isEqualTo("quiet@example.test");
      assertThat(alert.observed()).isEqualTo(20);
      assertThat(alert.detectedAt()).isEqualTo(T0.plusSeconds(570));
      assertThat(alert.reasons()).anySatisfy(r -> assertThat(r).contains("20 messages"));
      assertThat(f.alerts.isEmpty()).isTrue();
      // And the monitor asks the MTA to throttle it
      List<AccountDecision> decisions = f.decisions.readValuesToList();
      assertThat(decisions).extracting(AccountDecision::account, AccountDecision::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("quiet@example.test", Action.THROTTLE));
    }
  }

  @Test
  void opensANewEpisodeOnlyAfterTheSignalWasQuietForTheConfiguredPeriod() {
    try (TopologyFixture f = new TopologyFixture(Map.of("detection.volume.messages.10m", "10", "detection.episode.quiet", "30m"))) {
      burst(f, T0, "burst@example.test", 15);
      burst(f, T0.plus(Duration.ofMinutes(20)), "burst@example.test", 15); // same episode: quiet for only ~20 min
      burst(f, T0.plus(Duration.ofMinutes(70)), "burst@example.test", 15); // quiet for 50 min: new episode
      assertThat(f.alerts.readValuesToList()).extracting(Alert::detectedAt)
          .containsExactly(T0.plusSeconds(9), T0.plus(Duration.ofMinutes(70)).plusSeconds(9));
    }
  }

  @Test
  void judgesABurstFromManyClientIpsAsCompromisedAndHoldsTheAccount() {
    try (TopologyFixture f = new TopologyFixture(Map.of("detection.volume.messages.10m", "30"))) {
      for (int i = 0; i < 40; i++) {
        send(f, T0.plusSeconds(i), "victim@example.test", "203.0.113." + (i % 8), 5);
      }
      List<Alert> alerts = f.alerts.readValuesToList();
      assertThat(alerts).extracting(Alert::type).containsExactly("COMPROMISED");
      assertThat(alerts.get(0).severity()).isEqualTo("critical");
      assertThat(alerts.get(0).clientIps()).hasSize(8).contains("203.0.113.0", "203.0.113.7");
      assertThat(alerts.get(0).advice()).contains("reset the account's password");
      AccountDecision decision = f.decisions.readValue();
      assertThat(decision.action()).isEqualTo(Action.HOLD);
      assertThat(decision.expiresAt()).as("a detector HOLD lasts until an operator releases it").isNull();
      assertThat(f.decisions.isEmpty()).isTrue();
    }
  }

  @Test
  void flagsBruteForceFromOneIpWithoutTouchingAnyAccount() {
    try (TopologyFixture f = new TopologyFixture(Map.of("detection.bruteforce.failures.10m", "5"))) {
      for (int i = 0; i < 8; i++) {
        f.plain("mx1", writer.authFailure(T0.plusSeconds(i), "203.0.113.66", "victim@example.test"), T0);
      }
      assertThat(f.alerts.readValuesToList()).extracting(Alert::type, Alert::subject)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("BRUTE_FORCE", "ip:203.0.113.66"));
      assertThat(f.decisions.isEmpty()).isTrue();
    }
  }

  @Test
  void countsUnparsableLinesByReasonAndDeadLettersRecordsThatAreNoLines() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      f.plain("mx1", "complete garbage \u0000\u0001", T0);
      f.plain("mx1", line("12:00:01", "postfix/smtpd[1]: something new postfix might say one day"), T0);
      f.plain("mx1", line("12:00:01", "postfix/smtpd[1]: connect from unknown[203.0.113.9]"), T0);
      f.raw.pipeInput("mx1", "{\"unexpected\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0);

      assertThat(f.counter("sentinel.parse.lines", "outcome", "unsupported")).isEqualTo(2);
      assertThat(f.counter("sentinel.parse.unsupported", "reason", "no syslog or MTA log frame")).isEqualTo(1);
      assertThat(f.counter("sentinel.parse.unsupported", "mta", "postfix", "program", "smtpd", "reason", "unknown line shape")).isEqualTo(1);
      assertThat(f.counter("sentinel.parse.lines", "outcome", "ignored")).isEqualTo(1);
      List<String> dead = f.deadLetters.readValuesToList();
      assertThat(dead).singleElement().satisfies(d -> assertThat(d).contains("JSON of unknown shape").contains("\"offset\":3")
          .contains("unexpected"));
      assertThat(f.counter("sentinel.dlq.records")).isEqualTo(1);
    }
  }

  @Test
  void dropsLinesTheShipperSentAgainSoNothingIsCountedTwice() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      List<String> message = writer.authenticatedMessage(T0, "dup@example.test", "198.51.100.9", List.of("a@r.test", "b@r.test"));
      long offset = 0;
      List<long[]> offsets = new ArrayList<>();
      for (String l : message) {
        offsets.add(new long[] {offset});
        f.shipped("mx1", "file-1", offset, l, T0);
        offset += l.length() + 1;
      }
      // The shipper crashed before its checkpoint and sends everything again
      offset = 0;
      for (String l : message) {
        f.shipped("mx1", "file-1", offset, l, T0);
        offset += l.length() + 1;
      }
      KeyValueStore<String, SubjectState> states = f.driver.getKeyValueStore(SentinelTopology.SUBJECT_STATE_STORE);
      assertThat(states.get("dup@example.test").messages().sum(T0.getEpochSecond() / 60, 10)).isEqualTo(1);
      assertThat(f.counter("sentinel.duplicates.dropped")).isEqualTo(message.size());
    }
  }

  private void send(TopologyFixture f, Instant t, String account, String ip, int recipients) {
    List<String> rcpts = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      rcpts.add("r" + i + "@remote.test");
    }
    writer.authenticatedMessage(t, account, ip, rcpts).forEach(l -> f.plain("mx1", l, t));
  }

  private void burst(TopologyFixture f, Instant start, String account, int messages) {
    for (int i = 0; i < messages; i++) {
      send(f, start.plusSeconds(i), account, "198.51.100.20", 1);
    }
  }
}
