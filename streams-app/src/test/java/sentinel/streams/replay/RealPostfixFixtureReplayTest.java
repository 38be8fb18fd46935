package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sentinel.common.json.Json;

/**
 * Logs of the lab's real Postfix 3.7 (src/test/resources/mta/postfix) replay to exactly the totals
 * its ground truth counted on the SMTP side, in every framing the lab captured, with every line read.
 */
class RealPostfixFixtureReplayTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "postfix.log, postfix.ground-truth.json",
      "postfix-syslog-traditional.log, postfix-syslog.ground-truth.json",
      "postfix-syslog-rfc3339.log, postfix-syslog.ground-truth.json",
      "postfix-syslog-rfc5424.log, postfix-syslog.ground-truth.json"})
  void replaysARealPostfixLogToTheGroundTruthTotals(String log, String truth) throws Exception {
    JsonNode accounts = Json.newMapper().readTree(Files.readString(resource(truth))).at("/summary/accounts");
    long messages = 0;
    long recipients = 0;
    long failedLogins = 0;
    long sent = 0;
    long bounced = 0;
    Map<String, Long> perAccount = new HashMap<>();
    for (var it = accounts.fields(); it.hasNext(); ) {
      var e = it.next();
      messages += e.getValue().path("messages_accepted").asLong();
      recipients += e.getValue().path("rcpts_accepted").asLong();
      failedLogins += e.getValue().path("logins_failed").asLong();
      sent += e.getValue().path("rcpts_expected_sent").asLong();
      bounced += e.getValue().path("rcpts_expected_bounced").asLong();
      if (e.getValue().path("messages_accepted").asLong() > 0) {
        perAccount.put(e.getKey(), e.getValue().path("messages_accepted").asLong());
      }
    }

    ReplayReport r = ReplayRunner.replay(List.of(resource(log)), dir);

    long lines = Files.readAllLines(resource(log)).size();
    assertThat(r.unparsed().byReason()).as("lines the parsers could not read").isEmpty();
    assertThat(r.unparsed().unsupported()).isZero();
    assertThat(r.unparsed().parsed() + r.unparsed().ignored()).isEqualTo(lines);
    ReplayReport.Overview o = r.overview();
    assertThat(o.messages()).isEqualTo(messages);
    assertThat(o.recipients()).isEqualTo(recipients);
    assertThat(o.authFailures()).isEqualTo(failedLogins);
    assertThat(o.sent()).isEqualTo(sent);
    assertThat(o.bounced()).isEqualTo(bounced);
    Map<String, Long> replayed = new HashMap<>();
    o.topSenders().forEach(s -> replayed.put(s.account(), s.messages()));
    assertThat(replayed).isEqualTo(perAccount);
    // The lab's burst account is compromised by its own ground truth (22 client IPs, 29 % of its
    // recipients bounced): the combined detectors judge it so. The password-guessing client is the
    // one brute-force verdict.
    assertThat(r.verdicts()).extracting(ReplayReport.VerdictGroup::id).containsExactly("compromised", "bruteforce");
    assertThat(r.verdicts().get(0).findings()).extracting(ReplayReport.Finding::subject).containsExactly("victim@example.test");
    assertThat(r.verdicts().get(1).findings()).extracting(ReplayReport.Finding::subject).containsExactly("ip:127.0.0.66");
    assertThat(r.run().linesRead()).isEqualTo(lines);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(RealPostfixFixtureReplayTest.class.getResource("/mta/postfix/" + name).toURI());
  }
}
