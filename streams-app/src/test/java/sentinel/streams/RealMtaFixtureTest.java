package sentinel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sentinel.common.json.Json;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;

/**
 * Logs written by the real MTAs in the lab (Postfix 3.7, Exim 4.96, Sendmail 8.17), in every framing
 * they were captured in, go through the real topology; the per-account totals it ties together
 * must equal the lab's ground truth exactly.
 *
 * <p>Where a log cannot show a ground-truth number, the expectation is derived from the ground
 * truth's own session list by a rule named in {@link Gap}, and the test says so.
 */
class RealMtaFixtureTest {
  private static final ObjectMapper JSON = Json.newMapper();
  private static final Pattern EXIM_REFUSED = Pattern.compile("(\\S+) \\*\\* .*: message has lines too long for transport");
  /** A Sendmail delivery line: queue ID, the recipient list, and the rest. */
  private static final Pattern SENDMAIL_TO = Pattern.compile("([0-9A-Za-z]{14}): to=(\\S+), (.*)$");

  /** How the lines reach the topology. */
  enum Input { PLAIN, ENVELOPE, FILEBEAT }

  /**
   * What a log of one MTA cannot show.
   *
   * <p>{@code POSTFIX}: Postfix names the SASL user of a successful AUTH only on the line that queues
   * a message ({@code client=…, sasl_username=}); a session that authenticated but had every
   * recipient rejected shows {@code auth=1} in its disconnect line, without the user. And when the
   * SASL server drops the request ({@code 454 4.7.0 Temporary authentication failure}) Postfix logs
   * {@code sasl_username=(unavailable)}: the failure counts for the client IP, not for an account.
   *
   * <p>{@code EXIM}: the ground truth's {@code rcpts_expected_*} is what the scenario meant to
   * happen. Exim 4.96 refuses to send a message with body lines over 998 characters ({@code ** …
   * message has lines too long for transport}) and bounces every remote recipient, where Postfix
   * splits the lines and sends. For the messages whose IDs log that refusal, the expectation of
   * each remote recipient moves to bounced: the log shows what did happen.
   *
   * <p>{@code SENDMAIL}: two things, both read from the log's delivery lines. Sendmail resolves
   * local recipients against the system passwd file, so it delivered {@code nobody@example.test} to
   * the system account ({@code mailer=local … stat=Sent}) where the scenario expected an unknown
   * user: a recipient the ground truth expects bounced but that the log delivers locally counts as
   * sent. And a deferral is an outcome of its own (a recipient counts deferred once, however often
   * it is retried): the connection-level deferrals of the burst ({@code dsn=4.0.0, stat=Deferred},
   * no reply) were followed by delivery or bounce at the next queue run, while the ground truth
   * records only the final fate. Each recipient deferred on such a line whose final fate is not
   * "deferred" adds one deferral.
   */
  enum Gap { NONE, POSTFIX, EXIM, SENDMAIL }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("postfix/postfix.log", "postfix/postfix.ground-truth.json", Input.PLAIN, Gap.POSTFIX),
        Arguments.of("postfix/postfix.log", "postfix/postfix.ground-truth.json", Input.FILEBEAT, Gap.POSTFIX),
        Arguments.of("postfix/postfix-syslog-traditional.log", "postfix/postfix-syslog.ground-truth.json", Input.PLAIN, Gap.POSTFIX),
        Arguments.of("postfix/postfix-syslog-rfc3339.log", "postfix/postfix-syslog.ground-truth.json", Input.PLAIN, Gap.POSTFIX),
        Arguments.of("postfix/postfix-syslog-rfc5424.log", "postfix/postfix-syslog.ground-truth.json", Input.ENVELOPE, Gap.POSTFIX),
        Arguments.of("exim/exim-mainlog.log", "exim/exim.ground-truth.json", Input.PLAIN, Gap.EXIM),
        Arguments.of("exim/exim-syslog-traditional.log", "exim/exim.ground-truth.json", Input.FILEBEAT, Gap.EXIM),
        Arguments.of("exim/exim-syslog-rfc3339.log", "exim/exim.ground-truth.json", Input.ENVELOPE, Gap.EXIM),
        Arguments.of("exim/exim-syslog-rfc5424.log", "exim/exim.ground-truth.json", Input.PLAIN, Gap.EXIM),
        Arguments.of("sendmail/sendmail-traditional.log", "sendmail/sendmail.ground-truth.json", Input.PLAIN, Gap.SENDMAIL),
        Arguments.of("sendmail/sendmail-rfc3339.log", "sendmail/sendmail.ground-truth.json", Input.FILEBEAT, Gap.SENDMAIL),
        Arguments.of("sendmail/sendmail-rfc5424.log", "sendmail/sendmail.ground-truth.json", Input.ENVELOPE, Gap.SENDMAIL));
  }

  @ParameterizedTest(name = "{0} as {2}")
  @MethodSource("fixtures")
  void perAccountTotalsEqualTheGroundTruth(String log, String truthFile, Input input, Gap gap) {
    JsonNode truth = resourceJson(truthFile);
    JsonNode summary = truth.get("summary");
    Instant readAt = Instant.ofEpochMilli((long) (summary.get("t_end").asDouble() * 1000)).plusSeconds(30);
    List<String> lines = resourceLines(log);
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      // Given every line the MTA wrote, in order, as a shipper would deliver it
      TestOutputTopic<String, AccountEvent> accountEvents = f.driver.createOutputTopic(
          "topology-test-" + SentinelTopology.ACCOUNT_EVENTS_TOPIC + "-repartition",
          Serdes.String().deserializer(), new AccountEventSerde().deserializer());
      long offset = 0;
      for (String line : lines) {
        pipe(f, input, "mx", offset, line, readAt);
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
      // When the topology has tied every line to its account
      AccountTotals totals = new AccountTotals();
      accountEvents.readValuesToList().forEach(totals::add);

      // Then no line was unreadable, and the per-account totals are the ground truth's
      assertThat(f.counter("sentinel.parse.lines", "outcome", "unsupported")).as("unsupported lines").isZero();
      assertThat(f.counter("sentinel.parse.lines")).isEqualTo(lines.size());
      Map<String, Map<String, Long>> expected = expectedTotals(truth, gap, lines);
      Map<String, Map<String, Long>> actual = new TreeMap<>();
      expected.keySet().forEach(a -> actual.put(a, totals.totals(a).asMap()));
      assertThat(actual).isEqualTo(expected);
      assertThat(totals.accounts.keySet()).as("no account beyond the ground truth's").isSubsetOf(expected.keySet());
      assertThat(totals.failuresByClientIp).isEqualTo(expectedFailuresByIp(summary));

      // And the detectors' state agrees on messages, recipients, bounces and failures
      KeyValueStore<String, SubjectState> states = f.driver.getKeyValueStore(SentinelTopology.SUBJECT_STATE_STORE);
      long minute = readAt.getEpochSecond() / 60;
      expected.forEach((account, e) -> {
        SubjectState s = states.get(account);
        if (e.get("messages_accepted") > 0) {
          assertThat(s.messages().sum(minute, 60)).as(account + " messages").isEqualTo(e.get("messages_accepted").intValue());
          assertThat(s.recipients().sum(minute, 60)).as(account + " recipients").isEqualTo(e.get("rcpts_accepted").intValue());
          assertThat(s.bounced().sum(minute, 60)).as(account + " bounced").isEqualTo(e.get("rcpts_bounced").intValue());
        }
      });
      expectedFailuresByIp(summary).forEach((ip, n) ->
          assertThat(states.get("ip:" + ip).authFailures().sum(minute, 60)).as("failures from " + ip).isEqualTo(n.intValue()));
    }
  }

  private static Map<String, Map<String, Long>> expectedTotals(JsonNode truth, Gap gap, List<String> lines) {
    Map<String, Map<String, Long>> expected = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = truth.get("summary").get("accounts").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = e.getValue();
      Map<String, Long> m = new TreeMap<>();
      m.put("logins_ok", a.get("logins_ok").asLong());
      m.put("logins_failed", a.get("logins_failed").asLong());
      m.put("messages_accepted", a.get("messages_accepted").asLong());
      m.put("rcpts_accepted", a.get("rcpts_accepted").asLong());
      m.put("rcpts_sent", a.get("rcpts_expected_sent").asLong());
      m.put("rcpts_bounced", a.get("rcpts_expected_bounced").asLong());
      m.put("rcpts_deferred", a.get("rcpts_expected_deferred").asLong());
      expected.put(e.getKey(), m);
    }
    if (gap == Gap.POSTFIX) {
      for (JsonNode run : truth.get("runs")) {
        String user = run.path("sasl_user").asText(null);
        if (user == null) {
          continue;
        }
        if (run.get("auth_ok").asBoolean() && !run.get("message_accepted").asBoolean()) {
          expected.get(user).merge("logins_ok", -1L, Long::sum);
        }
        if (!run.get("auth_ok").asBoolean() && run.path("auth_reply").asText("").startsWith("454 ")) {
          expected.get(user).merge("logins_failed", -1L, Long::sum);
        }
      }
    }
    if (gap == Gap.EXIM) {
      Set<String> refused = new HashSet<>();
      for (String line : lines) {
        Matcher m = EXIM_REFUSED.matcher(line);
        if (m.find()) {
          refused.add(m.group(1));
        }
      }
      for (JsonNode run : truth.get("runs")) {
        String user = run.path("sasl_user").asText(null);
        if (user == null || !refused.contains(run.path("queue_id").asText(""))) {
          continue;
        }
        String domain = user.substring(user.indexOf('@'));
        run.get("outcome").fields().forEachRemaining(o -> {
          if (!o.getKey().endsWith(domain)) {
            expected.get(user).merge("rcpts_" + o.getValue().asText(), -1L, Long::sum);
            expected.get(user).merge("rcpts_bounced", 1L, Long::sum);
          }
        });
      }
    }
    if (gap == Gap.SENDMAIL) {
      Set<String> deliveredLocally = new HashSet<>();
      Set<String> deferred = new HashSet<>();
      for (String line : lines) {
        Matcher m = SENDMAIL_TO.matcher(line);
        if (!m.find()) {
          continue;
        }
        for (String rcpt : m.group(2).split(",")) {
          String key = m.group(1) + " " + rcpt.replaceAll("[<>]", "");
          if (m.group(3).contains("mailer=local,") && m.group(3).endsWith("stat=Sent")) {
            deliveredLocally.add(key);
          }
          if (m.group(3).contains("dsn=4.")) {
            deferred.add(key);
          }
        }
      }
      for (JsonNode run : truth.get("runs")) {
        String user = run.path("sasl_user").asText(null);
        if (user == null || !run.path("message_accepted").asBoolean()) {
          continue;
        }
        String queueId = run.path("queue_id").asText("");
        run.get("outcome").fields().forEachRemaining(o -> {
          String key = queueId + " " + o.getKey();
          if (o.getValue().asText().equals("bounced") && deliveredLocally.contains(key)) {
            expected.get(user).merge("rcpts_bounced", -1L, Long::sum);
            expected.get(user).merge("rcpts_sent", 1L, Long::sum);
          }
          if (!o.getValue().asText().equals("deferred") && deferred.contains(key)) {
            expected.get(user).merge("rcpts_deferred", 1L, Long::sum);
          }
        });
      }
    }
    return expected;
  }

  private static Map<String, Long> expectedFailuresByIp(JsonNode summary) {
    Map<String, Long> byIp = new TreeMap<>();
    summary.get("auth_by_client_ip").fields().forEachRemaining(e -> {
      long failed = e.getValue().get("auth_failed").asLong();
      if (failed > 0) {
        byIp.put(e.getKey(), failed);
      }
    });
    return byIp;
  }

  private static void pipe(TopologyFixture f, Input input, String host, long offset, String line, Instant readAt) {
    switch (input) {
      case PLAIN -> f.plain(host, line, readAt);
      case ENVELOPE -> f.shipped(host, "fixture-file", offset, line, readAt);
      case FILEBEAT -> {
        var doc = JSON.createObjectNode();
        doc.put("@timestamp", readAt.toString());
        doc.putObject("host").put("name", host);
        doc.putObject("log").put("offset", offset).putObject("file").put("path", "/var/log/mail.log");
        doc.put("message", line);
        f.raw.pipeInput(host, doc.toString().getBytes(StandardCharsets.UTF_8), readAt);
      }
      default -> throw new IllegalArgumentException(input.name());
    }
  }

  static List<String> resourceLines(String name) {
    List<String> lines = new ArrayList<>();
    try (InputStream in = RealMtaFixtureTest.class.getResourceAsStream("/mta/" + name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  static JsonNode resourceJson(String name) {
    try (InputStream in = RealMtaFixtureTest.class.getResourceAsStream("/mta/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
