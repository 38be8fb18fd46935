package sentinel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;
import sentinel.streams.model.MtaEvent.Outcome;

/**
 * Sendmail names the account only on a session's {@code AUTH=server} line, which has no queue ID:
 * the correlator ties the messages the same process logs next to it, splits multi-recipient
 * delivery lines, and treats the notifications Sendmail queues itself as null-sender mail.
 */
class SendmailCorrelationTest {
  private static final Instant READ_AT = TopologyFixture.EPOCH;

  private static String line(String time, String rest) {
    return "Nov 24 " + time + " mx3 " + rest;
  }

  @Test
  void tiesEachMessageToTheLoginOfItsOwnProcessEvenWhenThePidIsReusedByAnotherAccount() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      TestOutputTopic<String, AccountEvent> events = accountEvents(f);
      // Given two sessions on the same pid one after the other (pid reuse), each with its own login
      List<String> lines = List.of(
          line("12:00:01", "sm-mta[500]: AUTH=server, relay=[198.51.100.1], authid=Alice@Example.test, mech=PLAIN, bits=0"),
          line("12:00:02", "sm-mta[500]: 6AOC0001000500: from=<alice@example.test>, size=900, class=0, nrcpts=3, msgid=<a@b>, proto=ESMTPA, daemon=MSP-v4, relay=[198.51.100.1]"),
          line("12:00:03", "sm-mta[501]: 6AOC0001000500: to=<x@remote.test>,<y@remote.test>,<nouser@remote.test>, ctladdr=<alice@example.test> (1/1), delay=00:00:01, xdelay=00:00:00, mailer=esmtp, pri=1, relay=mx.remote.test. [192.0.2.1], dsn=2.0.0, stat=Sent (ok)"),
          line("12:00:04", "sm-mta[500]: AUTH=server, relay=[203.0.113.9], authid=bob@example.test, mech=LOGIN, bits=0"),
          line("12:00:05", "sm-mta[500]: 6AOC0005000500: from=<ceo@forged.test>, size=900, class=0, nrcpts=1, msgid=<c@d>, proto=ESMTPA, daemon=MSP-v4, relay=[203.0.113.9]"),
          line("12:00:06", "sm-mta[502]: 6AOC0005000500: to=<z@remote.test>, delay=00:00:01, xdelay=00:00:00, mailer=esmtp, pri=1, relay=mx.remote.test. [192.0.2.1], dsn=5.1.1, reply=550 5.1.1 no such user, stat=User unknown"),
          // and an unauthenticated message on a third pid, which belongs to nobody
          line("12:00:07", "sm-mta[503]: 6AOC0007000503: from=<news@partner.test>, size=900, class=0, nrcpts=1, msgid=<e@f>, proto=ESMTP, daemon=MTA-v4, relay=[192.0.2.80]"));
      // When they are processed
      lines.forEach(l -> f.plain("mx3", l, READ_AT));
      // Then each message counts for the account that logged in on its process, whatever its sender
      AccountTotals totals = new AccountTotals();
      events.readValuesToList().forEach(totals::add);
      assertThat(totals.accounts).containsOnlyKeys("alice@example.test", "bob@example.test");
      AccountTotals.Totals alice = totals.totals("alice@example.test");
      assertThat(List.of(alice.loginsOk, alice.messagesAccepted, alice.rcptsAccepted, alice.rcptsSent, alice.rcptsBounced))
          .containsExactly(1L, 1L, 3L, 3L, 0L);
      AccountTotals.Totals bob = totals.totals("bob@example.test");
      assertThat(List.of(bob.loginsOk, bob.messagesAccepted, bob.rcptsAccepted, bob.rcptsSent, bob.rcptsBounced))
          .containsExactly(1L, 1L, 1L, 0L, 1L);
    }
  }

  @Test
  void countsALocalSubmissionForTheUserWhoRanSendmail() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      TestOutputTopic<String, AccountEvent> events = accountEvents(f);
      // Given a web form that runs sendmail as www-data
      f.plain("mx3", line("12:00:01", "sendmail[4242]: 6AOC0001004242: from=www-data, size=312, class=0, nrcpts=2, msgid=<m@mx3>, relay=www-data@localhost"), READ_AT);
      f.plain("mx3", line("12:00:02", "sendmail[4242]: 6AOC0001004242: to=a@remote.test,b@remote.test, ctladdr=www-data (33/33), delay=00:00:01, xdelay=00:00:01, mailer=relay, pri=30312, relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, stat=Sent (6AOC0002004243 Message accepted for delivery)"), READ_AT);
      // Then the message and both recipients count for local:www-data@mx3
      List<AccountEvent> out = events.readValuesToList();
      assertThat(out).hasSize(3).allSatisfy(e -> assertThat(e.subject()).isEqualTo("local:www-data@mx3"));
      assertThat(((AccountEvent.MessageSubmitted) out.get(0)).recipients()).isEqualTo(2);
      assertThat(out.subList(1, 3)).allSatisfy(e -> assertThat(((AccountEvent.Delivery) e).outcome()).isEqualTo(Outcome.SENT));
    }
  }

  @Test
  void countsABounceSendmailQueuedItselfAsAnInboundBounceForTheLocalMailbox() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      TestOutputTopic<String, AccountEvent> events = accountEvents(f);
      // Given a DSN Sendmail queued itself (no from= line) and delivered into a local mailbox
      f.plain("mx3", line("12:00:01", "sm-mta[600]: 6AOC0001000599: 6AOC0001000600: DSN: User unknown"), READ_AT);
      f.plain("mx3", line("12:00:01", "sm-mta[600]: 6AOC0001000600: to=<Victim@example.test>, delay=00:00:00, xdelay=00:00:00, mailer=local, pri=1, relay=local, dsn=2.1.5, stat=Sent"), READ_AT);
      // Then the mailbox gets one inbound bounce, and the notification and the bounce are counted
      assertThat(events.readValuesToList()).singleElement()
          .isInstanceOfSatisfying(AccountEvent.InboundBounce.class, b -> assertThat(b.account()).isEqualTo("victim@example.test"));
      assertThat(f.counter("sentinel.events", "type", "bounce_in")).isEqualTo(1);
      assertThat(f.counter("sentinel.bounce.notifications")).isEqualTo(1);
      assertThat(f.counter("sentinel.correlation.unmatched")).isZero();
    }
  }

  private static TestOutputTopic<String, AccountEvent> accountEvents(TopologyFixture f) {
    return f.driver.createOutputTopic("topology-test-" + SentinelTopology.ACCOUNT_EVENTS_TOPIC + "-repartition",
        Serdes.String().deserializer(), new AccountEventSerde().deserializer());
  }
}
