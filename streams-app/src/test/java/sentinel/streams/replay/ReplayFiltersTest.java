package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * A small hand-built log: two customers sending normally at 10:00 and 11:00, one IP guessing
 * passwords at 10:30, and lines no parser knows.
 */
class ReplayFiltersTest {
  static final Instant T10 = Instant.parse("2026-11-24T10:00:00Z");
  static final String ATTACKER = "203.0.113.66";

  @TempDir static Path dir;
  static Path log;

  @BeforeAll
  static void writeTheLog() throws IOException {
    PostfixLogWriter w = new PostfixLogWriter("mx1", ZoneOffset.UTC, new Random(3));
    List<String> lines = new ArrayList<>();
    for (int hour = 0; hour < 2; hour++) {
      Instant t = T10.plusSeconds(hour * 3600L);
      lines.addAll(w.authenticatedMessage(t, "alice@example.test", "198.51.100.1", List.of("a@remote.test", "b@remote.test")));
      lines.addAll(w.authenticatedMessage(t.plusSeconds(5), "bob@example.test", "198.51.100.2", List.of("nouser1@remote.test")));
      if (hour == 0) {
        for (int i = 0; i < 12; i++) {
          lines.add(w.authFailure(t.plusSeconds(1800 + i), ATTACKER, i % 2 == 0 ? "alice@example.test" : "admin@example.test"));
        }
        lines.add("Nov 24 10:40:00 mx1 postfix/smtpd[77]: something postfix might say one day");
        lines.add("garbage that is no log line at all");
      }
    }
    log = dir.resolve("mail.log");
    Files.write(log, lines);
  }

  @Test
  void flagsTheBruteForcingIpWithTheAccountsItTried() {
    ReplayReport r = ReplayRunner.replay(ReplayOptions.of(List.of(log), dir).withYear(2026), Map.of());
    // The IP is the brute-force verdict; the detectors may also flag the account it targeted.
    assertThat(r.verdicts()).extracting(ReplayReport.VerdictGroup::id).first().isEqualTo("bruteforce");
    ReplayReport.Finding ip = r.verdicts().get(0).findings().get(0);
    assertThat(ip.subject()).isEqualTo("ip:" + ATTACKER);
    assertThat(ip.types()).containsExactly("BRUTE_FORCE");
    assertThat(ip.decision()).as("an IP is not an account: nothing to hold").isNull();
    assertThat(ip.evidence().authFailures()).isEqualTo(12);
    assertThat(ip.evidence().accountsTried()).extracting(ReplayReport.Count::name, ReplayReport.Count::count)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("alice@example.test", 6L),
            org.assertj.core.groups.Tuple.tuple("admin@example.test", 6L));
    assertThat(ip.actions().get(0)).contains("Block the IP");
    assertThat(r.overview().authFailuresByIp()).containsExactly(new ReplayReport.Count(ATTACKER, 12));
  }

  @Test
  void countsUnreadableLinesByReasonAndKeepsExamples() {
    ReplayReport r = ReplayRunner.replay(ReplayOptions.of(List.of(log), dir).withYear(2026), Map.of());
    assertThat(r.unparsed().unsupported()).isEqualTo(2);
    assertThat(r.unparsed().byReason()).extracting(ReplayReport.Reason::reason)
        .containsExactlyInAnyOrder("no syslog or MTA log frame", "unknown line shape");
    assertThat(r.unparsed().samples()).extracting(ReplayReport.Sample::line)
        .containsExactlyInAnyOrder("garbage that is no log line at all",
            "Nov 24 10:40:00 mx1 postfix/smtpd[77]: something postfix might say one day");
  }

  @Test
  void replaysOnlyTheLinesBetweenSinceAndUntil() {
    ReplayOptions options = ReplayOptions.of(List.of(log), dir).withYear(2026)
        .withWindow(T10.plusSeconds(3000), T10.plusSeconds(7200));
    ReplayReport r = ReplayRunner.replay(options, Map.of());
    assertThat(r.verdicts()).as("the brute force was before --since").isEmpty();
    assertThat(r.overview().messages()).isEqualTo(2);
    assertThat(r.overview().authFailures()).isZero();
    assertThat(r.run().firstEvent()).isEqualTo(T10.plusSeconds(3600));
    assertThat(r.run().linesInRange()).isLessThan(r.run().linesRead());
  }

  @Test
  void focusesOnOneAccountAndTheIpsThatTriedIt() {
    ReplayReport alice = ReplayRunner.replay(ReplayOptions.of(List.of(log), dir).withYear(2026).withAccount("Alice@Example.test"), Map.of());
    assertThat(alice.focus().subject()).isEqualTo("alice@example.test");
    assertThat(alice.focus().evidence().messages()).isEqualTo(2);
    assertThat(alice.focus().evidence().recipients()).isEqualTo(4);
    assertThat(alice.focus().evidence().clientIps()).extracting(ReplayReport.IpLogin::ip).containsExactly("198.51.100.1");
    assertThat(alice.verdicts()).extracting(ReplayReport.VerdictGroup::id).contains("bruteforce");
    assertThat(alice.verdicts()).flatExtracting(ReplayReport.VerdictGroup::findings).extracting(ReplayReport.Finding::subject)
        .contains("ip:" + ATTACKER).isSubsetOf("ip:" + ATTACKER, "alice@example.test");

    ReplayReport bob = ReplayRunner.replay(ReplayOptions.of(List.of(log), dir).withYear(2026).withAccount("bob@example.test"), Map.of());
    assertThat(bob.verdicts()).as("nobody tried to log in as bob").isEmpty();
    assertThat(bob.focus().evidence().bounceRatio()).isEqualTo(1.0);
    assertThat(bob.focus().evidence().dsnCodes()).containsExactly(new ReplayReport.Count("5.1.1", 2));
  }
}
