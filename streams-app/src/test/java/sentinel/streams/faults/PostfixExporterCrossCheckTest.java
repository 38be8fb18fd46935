package sentinel.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.streams.TopologyFixture;

/**
 * Peer cross-check against {@code prometheus-postfix-exporter} (Debian's postfix_exporter) on the
 * real-Postfix fixtures: for what both measure, the monitor's totals equal the exporter's, or the
 * difference is named, counted from the log itself, and shown to be the exporter's blind spot:
 *
 * <ul>
 *   <li>SASL failures logged by a master.cf service ({@code postfix/submission/smtpd}) are not
 *       recognised by the exporter (it reads only the program {@code postfix/smtpd}; those lines go
 *       to its unsupported counter).
 *   <li>The exporter counts every smtp delivery attempt; the monitor counts the outcomes of the
 *       accounts' messages: it adds deliveries by {@code virtual}/{@code local}/{@code lmtp}, leaves
 *       out deliveries of messages no account submitted (bounce notifications, relayed mail), and
 *       counts a recipient deferred again and again once.
 *   <li>Debian's build has no bounce-notification counter (it counts {@code postfix/bounce} lines
 *       as unsupported). The monitor's {@code sentinel.bounce.notifications} counts every notice the
 *       bounce daemon sends a sender: non-delivery, and also delay and delivery-status notices
 *       (upstream postfix_exporter counts non-delivery only). The test holds it to exactly that.
 * </ul>
 */
class PostfixExporterCrossCheckTest {
  private static final Logger LOG = LoggerFactory.getLogger(PostfixExporterCrossCheckTest.class);
  private static final String EXPORTER = "prometheus-postfix-exporter";
  private static final Pattern PROGRAM_QID = Pattern.compile("postfix/([\\w/-]+)\\[\\d+\\]: ([0-9A-F]{6,}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}): ");
  private static final Pattern TO = Pattern.compile(": to=<([^>]*)>.*status=(sent|bounced|deferred|expired)");
  private static final Pattern SASL_FAILURE = Pattern.compile("postfix/([\\w/-]+)\\[\\d+\\]: warning: .*SASL \\S+ authentication failed");
  /** Written after the fixture; when the exporter has counted it, it has read every line before it. */
  private static final String MARKER = "Nov 25 23:59:59 mx1 postfix/smtp[99999]: connect to marker.invalid[192.0.2.254]:25: Connection timed out";

  @TempDir Path dir;

  static Stream<String> fixtures() throws IOException, URISyntaxException {
    URL url = PostfixExporterCrossCheckTest.class.getClassLoader().getResource("mta/postfix");
    if (url == null) {
      return Stream.of("(no fixtures)");
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      // RFC 5424 frames carry no "postfix/<program>[pid]:" tag, which is all the exporter reads.
      List<String> logs = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".log") && !n.contains("rfc5424")).sorted().toList();
      return logs.isEmpty() ? Stream.of("(no fixtures)") : logs.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void monitorTotalsEqualTheExportersOrTheDifferenceIsTheExportersBlindSpot(String fixture) throws Exception {
    Assumptions.assumeFalse(fixture.startsWith("("), "real-Postfix fixtures (src/test/resources/mta/postfix/*.log) are not present");
    Path exporter = onPath(EXPORTER);
    Assumptions.assumeTrue(exporter != null, EXPORTER + " is not installed (apt-get install prometheus-postfix-exporter)");
    List<String> lines = Files.readAllLines(Path.of(getClass().getClassLoader().getResource("mta/postfix/" + fixture).toURI()));
    LogFacts facts = LogFacts.of(lines);

    // Given the exporter tailing an empty file (it starts at the end), then the fixture appended
    Map<String, Double> exported = runExporter(exporter, lines, facts);
    // And the monitor's topology fed the same lines
    Map<String, Double> monitor = new HashMap<>();
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      for (String line : lines) {
        f.plain("mx1", line, Instant.parse("2026-11-25T23:59:59Z"));
      }
      monitor.put("sasl_failures", f.counter("sentinel.auth", "result", "failure"));
      monitor.put("sent", f.counter("sentinel.recipients", "outcome", "sent"));
      monitor.put("bounced", f.counter("sentinel.recipients", "outcome", "bounced"));
      monitor.put("deferred", f.counter("sentinel.recipients", "outcome", "deferred"));
      monitor.put("bounce_notifications", f.counter("sentinel.bounce.notifications"));
    }
    LOG.info("{}: monitor {} | exporter {} | from the log {}", fixture, monitor, exported, facts);

    // SASL authentication failures: equal, but for those logged by a named smtpd service
    assertThat(exported.get("postfix_smtpd_sasl_authentication_failures_total"))
        .as("exporter: SASL failures of the program postfix/smtpd only").isEqualTo(facts.saslFailuresPlainSmtpd);
    assertThat(monitor.get("sasl_failures")).as("monitor: every SASL failure, whatever the smtpd service")
        .isEqualTo(exported.get("postfix_smtpd_sasl_authentication_failures_total") + facts.saslFailuresNamedService);

    // Deliveries by the smtp client: the exporter's attempts, the monitor's outcomes of the accounts' messages
    double exporterAttempts = smtpAttempts(exported);
    assertThat(exporterAttempts).as("exporter: smtp delivery attempts").isEqualTo(facts.smtpAttempts);
    assertThat(exported.get("postfix_smtp_status_deferred")).as("exporter: deferred smtp attempts").isEqualTo(facts.smtpDeferredAttempts);
    assertThat(monitor.get("sent") + monitor.get("bounced")).as("monitor: sent and bounced recipients of the accounts' messages")
        .isEqualTo(exporterAttempts - facts.smtpDeferredAttempts - facts.finalSmtpOfUnsubmitted + facts.finalOtherAgentsOfSubmitted);
    assertThat(monitor.get("deferred")).as("monitor: each deferred recipient of the accounts' messages once")
        .isEqualTo(exported.get("postfix_smtp_status_deferred") - facts.repeatedOrUnsubmittedDeferrals);

    // Bounce notifications: this exporter build has no counter for them
    if (exported.containsKey("postfix_bounce_non_delivery_notification_total")) {
      assertThat(exported.get("postfix_bounce_non_delivery_notification_total")).isEqualTo(facts.bounceNotifications);
    } else {
      assertThat(exported.getOrDefault("postfix_unsupported_log_entries_total{service=\"bounce\"}", 0.0))
          .as("exporter: postfix/bounce lines unsupported").isGreaterThanOrEqualTo(facts.bounceNotifications);
    }
    assertThat(monitor.get("bounce_notifications")).as("monitor: every notice the bounce daemon sent a sender")
        .isEqualTo(facts.bounceNotifications + facts.delayOrStatusNotices);
  }

  /** This build records the four delays= stages of each smtp line under one empty stage label. */
  private static double smtpAttempts(Map<String, Double> exported) {
    Double unlabelled = exported.get("postfix_smtp_delivery_delay_seconds_count{stage=\"\"}");
    if (unlabelled != null) {
      return unlabelled / 4;
    }
    return exported.getOrDefault("postfix_smtp_delivery_delay_seconds_count{stage=\"before_queue_manager\"}", 0.0);
  }

  private Map<String, Double> runExporter(Path exporter, List<String> lines, LogFacts facts) throws Exception {
    Path log = dir.resolve("mail.log");
    Files.createFile(log);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(exporter.toString(), "--web.listen-address=127.0.0.1:" + port,
        "--postfix.logfile_path=" + log, "--postfix.showq_path=" + dir.resolve("no-showq"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("exporter.out").toFile()).start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> scrape(http, metrics).containsKey("postfix_smtp_connection_timed_out_total"));
      List<String> all = new ArrayList<>(lines);
      all.add(MARKER);
      Files.write(log, all, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
          scrape(http, metrics).get("postfix_smtp_connection_timed_out_total") >= facts.smtpTimeouts + 1);
      return scrape(http, metrics);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static Map<String, Double> scrape(HttpClient http, URI uri) throws IOException, InterruptedException {
    String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> values = new HashMap<>();
    for (String l : body.split("\n")) {
      if (l.startsWith("postfix_")) {
        int sp = l.lastIndexOf(' ');
        values.put(l.substring(0, sp), Double.parseDouble(l.substring(sp + 1)));
      }
    }
    return values;
  }

  private static Path onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, command);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** What the log says, by simple line rules: the yardstick both tools are held to. */
  record LogFacts(double saslFailuresPlainSmtpd, double saslFailuresNamedService, double smtpAttempts,
      double smtpDeferredAttempts, double finalSmtpOfUnsubmitted, double finalOtherAgentsOfSubmitted,
      double repeatedOrUnsubmittedDeferrals, double bounceNotifications, double delayOrStatusNotices, double smtpTimeouts) {

    static LogFacts of(List<String> lines) {
      Set<String> submitted = new HashSet<>();
      for (String l : lines) {
        Matcher m = PROGRAM_QID.matcher(l);
        if (m.find() && ((m.group(1).endsWith("smtpd") && l.contains(", sasl_username=")) || m.group(1).equals("pickup"))) {
          submitted.add(m.group(2));
        }
      }
      double plain = 0, named = 0, attempts = 0, deferredAttempts = 0, smtpUnsubmitted = 0, otherSubmitted = 0, ndr = 0, notices = 0;
      double timeouts = 0;
      Set<String> deferredOnce = new HashSet<>();
      double deferredCountedOnce = 0;
      for (String l : lines) {
        Matcher f = SASL_FAILURE.matcher(l);
        if (f.find()) {
          if (f.group(1).equals("smtpd")) {
            plain++;
          } else {
            named++;
          }
        }
        if (l.contains("sender non-delivery notification:")) {
          ndr++;
        } else if (l.contains("sender delay notification:") || l.contains("sender delivery status notification:")) {
          notices++;
        }
        if (l.contains("postfix/smtp[") && l.contains("Connection timed out")) {
          timeouts++;
        }
        Matcher q = PROGRAM_QID.matcher(l);
        Matcher to = TO.matcher(l);
        if (!q.find() || !to.find()) {
          continue;
        }
        String program = q.group(1);
        boolean own = submitted.contains(q.group(2));
        boolean deferred = to.group(2).equals("deferred");
        if (program.equals("smtp")) {
          attempts++;
          if (deferred) {
            deferredAttempts++;
          } else if (!own) {
            smtpUnsubmitted++;
          }
        } else if (own && !deferred && (program.equals("virtual") || program.equals("local") || program.equals("lmtp"))) {
          otherSubmitted++;
        }
        if (deferred && own && deferredOnce.add(q.group(2) + " " + to.group(1))) {
          deferredCountedOnce++;
        }
      }
      return new LogFacts(plain, named, attempts, deferredAttempts, smtpUnsubmitted, otherSubmitted,
          deferredAttempts - deferredCountedOnce, ndr, notices, timeouts);
    }
  }
}
